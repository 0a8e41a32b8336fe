import { __ } from '@wordpress/i18n';
import type { ComponentType } from 'react';

import type { TabDefinition } from '../shared/components/tab-navigation';

/**
 * A tab whose panel shows other features' cards above its own content. The app composes them, so a
 * feature (the Overview) never imports another (Maintenance's card). Each card renders nothing when it
 * has nothing to say.
 *
 * @param tab   The tab.
 * @param cards Card components, shown in order.
 */
export function withCards(
	tab: TabDefinition,
	cards: ComponentType[]
): TabDefinition {
	const { Component } = tab;
	function Composed() {
		return (
			<>
				{ cards.map( ( Card, index ) => (
					<Card key={ index } />
				) ) }
				<Component />
			</>
		);
	}
	Composed.displayName = `WithCards(${ tab.name })`;
	return { ...tab, Component: Composed };
}

/** The heading between what happened (the incidents) and the checks, which say how things are now. */
export function NowHeading() {
	return <h2 className="triage-now__title">{ __( 'Now', 'triage' ) }</h2>;
}
