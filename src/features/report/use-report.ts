import type { ApiError } from '../../shared/types';
import { useResource } from '../../shared/use-resource';
import { fetchReport, type ReportText } from './api';
import type { ReportFormat } from './types';

export interface ReportState {
	report: ReportText | null;
	error: ApiError | null;
	isLoading: boolean;
	reload: () => void;
}

/**
 * Loads the report for a format and a paths choice, again whenever either changes or reload() is called.
 * Only the newest request may set state, so a slow earlier answer never replaces a newer one.
 *
 * @param format    md or json.
 * @param fullPaths Absolute paths.
 */
export function useReport(
	format: ReportFormat,
	fullPaths: boolean
): ReportState {
	const { data, error, isLoading, reload } = useResource(
		() => fetchReport( format, fullPaths ),
		{ key: `${ format }:${ fullPaths ? 'full' : 'relative' }` }
	);
	return { report: data, error, isLoading, reload };
}
