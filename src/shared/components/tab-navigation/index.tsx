import { useRef } from '@wordpress/element';
import type { ComponentType, KeyboardEvent } from 'react';

export interface Tab {
	name: string;
	title: string;
}

/** What each feature's index.ts exports: its tab, and the panel the tab shows. */
export interface TabDefinition extends Tab {
	Component: ComponentType;
}

interface Props {
	tabs: Tab[];
	selected: string;
	onSelect: ( name: string ) => void;
	/** Id prefix tying each tab to its panel. */
	idPrefix: string;
}

/**
 * WAI-ARIA tabs: arrow keys, Home and End move between tabs; the selected tab is in the tab order.
 * Controlled by the hash route so deep links and the address bar stay in sync.
 *
 * @param props          Component props.
 * @param props.tabs     Tabs to show.
 * @param props.selected Name of the selected tab.
 * @param props.onSelect Called with a tab name.
 * @param props.idPrefix Id prefix.
 */
export default function TabNavigation( {
	tabs,
	selected,
	onSelect,
	idPrefix,
}: Props ) {
	const refs = useRef< Array< HTMLButtonElement | null > >( [] );

	const focusAt = ( index: number ) => {
		const wrapped = ( index + tabs.length ) % tabs.length;
		refs.current[ wrapped ]?.focus();
		onSelect( tabs[ wrapped ].name );
	};

	const onKeyDown = ( event: KeyboardEvent, index: number ) => {
		const moves: Record< string, number > = {
			ArrowRight: index + 1,
			ArrowLeft: index - 1,
			Home: 0,
			End: tabs.length - 1,
		};
		if ( event.key in moves ) {
			event.preventDefault();
			focusAt( moves[ event.key ] );
		}
	};

	return (
		<div role="tablist" className="triage-tabs">
			{ tabs.map( ( tab, index ) => {
				const isSelected = tab.name === selected;
				return (
					<button
						key={ tab.name }
						ref={ ( element ) => {
							refs.current[ index ] = element;
						} }
						type="button"
						role="tab"
						id={ `${ idPrefix }-tab-${ tab.name }` }
						aria-controls={ `${ idPrefix }-panel-${ tab.name }` }
						aria-selected={ isSelected }
						tabIndex={ isSelected ? 0 : -1 }
						className={
							'triage-tabs__tab' +
							( isSelected ? ' is-selected' : '' )
						}
						onClick={ () => onSelect( tab.name ) }
						onKeyDown={ ( event ) => onKeyDown( event, index ) }
					>
						{ tab.title }
					</button>
				);
			} ) }
		</div>
	);
}
