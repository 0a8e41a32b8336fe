import TabNavigation, {
	type TabDefinition,
} from '../shared/components/tab-navigation';
import { useHashRoute } from '../shared/use-hash-route';

interface Props {
	tabs: TabDefinition[];
}

const ID_PREFIX = 'triage';

/**
 * The Triage page: tab navigation bound to the URL hash, and the selected tab's panel.
 *
 * @param props      Component props.
 * @param props.tabs Tabs to show; the first is the default.
 */
export default function App( { tabs }: Props ) {
	const [ route, navigate ] = useHashRoute();
	const current = tabs.find( ( tab ) => tab.name === route.tab ) ?? tabs[ 0 ];
	const { Component } = current;

	return (
		<div className="triage-app">
			<TabNavigation
				tabs={ tabs }
				selected={ current.name }
				onSelect={ navigate }
				idPrefix={ ID_PREFIX }
			/>
			<div
				role="tabpanel"
				id={ `${ ID_PREFIX }-panel-${ current.name }` }
				aria-labelledby={ `${ ID_PREFIX }-tab-${ current.name }` }
				className="triage-app__panel"
			>
				<Component />
			</div>
		</div>
	);
}
