import { SelectControl, TextControl } from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import type { CronFilters as Filters } from '../../model';

interface Props {
	filters: Filters;
	onChange: ( filters: Filters ) => void;
}

type YesNo = Filters[ 'overdue' ];

/**
 * The table's filters: part of a hook name, overdue or not, orphaned or not, and an owner (a type such as
 * "plugin", or a plugin or theme folder).
 *
 * @param props          Component props.
 * @param props.filters  Current filters.
 * @param props.onChange Called with the new filters.
 */
export default function CronFilters( { filters, onChange }: Props ) {
	return (
		<div className="triage-cron-filters">
			<TextControl
				__nextHasNoMarginBottom
				label={ __( 'Hook contains', 'triage' ) }
				value={ filters.hook }
				onChange={ ( hook: string ) =>
					onChange( { ...filters, hook } )
				}
			/>
			<SelectControl
				__nextHasNoMarginBottom
				label={ __( 'Overdue', 'triage' ) }
				value={ filters.overdue }
				options={ [
					{ value: 'any', label: __( 'All events', 'triage' ) },
					{ value: 'yes', label: __( 'Overdue only', 'triage' ) },
					{ value: 'no', label: __( 'Not overdue', 'triage' ) },
				] }
				onChange={ ( value: string ) =>
					onChange( { ...filters, overdue: value as YesNo } )
				}
			/>
			<SelectControl
				__nextHasNoMarginBottom
				label={ __( 'Callback', 'triage' ) }
				value={ filters.orphan }
				options={ [
					{ value: 'any', label: __( 'With or without', 'triage' ) },
					{
						value: 'yes',
						label: __( 'Orphans only (no callback)', 'triage' ),
					},
					{ value: 'no', label: __( 'With a callback', 'triage' ) },
				] }
				onChange={ ( value: string ) =>
					onChange( { ...filters, orphan: value as YesNo } )
				}
			/>
			<TextControl
				__nextHasNoMarginBottom
				label={ __( 'Owner', 'triage' ) }
				help={ __(
					'plugin, theme, core, or a plugin or theme folder',
					'triage'
				) }
				value={ filters.owner }
				onChange={ ( owner: string ) =>
					onChange( { ...filters, owner } )
				}
			/>
		</div>
	);
}
