import { __ } from '@wordpress/i18n';

import type { Lead } from '../../evidence';
import { leadSentence, themeNotTested } from '../../evidence';
import type { BisectThemeStatus } from '../../types';

interface Props {
	leads: Lead[];
	theme: BisectThemeStatus | null;
}

/**
 * What the search could not clear or isolate: a theme that was never tested, and fatal errors whose file
 * lies in a plugin or theme (leads), named even when no culprit was isolated.
 *
 * @param props       Component props.
 * @param props.leads Leads.
 * @param props.theme The session's theme status.
 */
export default function BisectLeads( { leads, theme }: Props ) {
	const untested = themeNotTested( theme );
	if ( ! untested && leads.length === 0 ) {
		return null;
	}
	return (
		<div className="triage-bisect-leads">
			{ untested && (
				<p className="triage-bisect-leads__theme">{ untested }</p>
			) }
			{ leads.length > 0 && (
				<>
					<h3>{ __( 'Leads', 'triage' ) }</h3>
					<ul>
						{ leads.map( ( lead ) => (
							<li key={ `${ lead.type }:${ lead.slug }` }>
								{ leadSentence( lead ) }
								{ lead.message && (
									<>
										{ ' ' }
										<code>{ lead.message }</code>
									</>
								) }
							</li>
						) ) }
					</ul>
				</>
			) }
		</div>
	);
}
