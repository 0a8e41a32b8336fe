import { Button } from '@wordpress/components';
import { __, sprintf } from '@wordpress/i18n';

interface Props {
	page: number;
	totalPages: number;
	onChange: ( page: number ) => void;
}

/**
 * Previous and next page, with where we are.
 *
 * @param props            Component props.
 * @param props.page       Current page, from 1.
 * @param props.totalPages Number of pages.
 * @param props.onChange   Called with the page to show.
 */
export default function CronPagination( {
	page,
	totalPages,
	onChange,
}: Props ) {
	if ( totalPages <= 1 ) {
		return null;
	}
	return (
		<nav
			className="triage-cron-pagination"
			aria-label={ __( 'Schedule pages', 'triage' ) }
		>
			<Button
				variant="secondary"
				disabled={ page <= 1 }
				onClick={ () => onChange( page - 1 ) }
			>
				{ __( 'Previous page', 'triage' ) }
			</Button>
			<span>
				{ sprintf(
					/* translators: 1: current page, 2: number of pages. */
					__( 'Page %1$d of %2$d', 'triage' ),
					page,
					totalPages
				) }
			</span>
			<Button
				variant="secondary"
				disabled={ page >= totalPages }
				onClick={ () => onChange( page + 1 ) }
			>
				{ __( 'Next page', 'triage' ) }
			</Button>
		</nav>
	);
}
