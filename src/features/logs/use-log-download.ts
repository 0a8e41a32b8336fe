import { useState } from '@wordpress/element';

import type { ApiError } from '../../shared/types';
import { fetchLogFile } from './api';
import { saveFile } from '../../shared/save-file';

export interface LogDownloadState {
	isDownloading: boolean;
	error: ApiError | null;
	/** Downloads the log and saves it under the name the server offers. */
	download: () => void;
	dismiss: () => void;
}

/**
 * Downloading a log through the REST API with the nonce in a header, then saving it.
 *
 * @param source Source id, or null when none is chosen.
 */
export function useLogDownload( source: string | null ): LogDownloadState {
	const [ isDownloading, setIsDownloading ] = useState( false );
	const [ error, setError ] = useState< ApiError | null >( null );

	const download = () => {
		if ( ! source || isDownloading ) {
			return;
		}
		setIsDownloading( true );
		setError( null );
		fetchLogFile( source )
			.then( ( file ) => saveFile( file.blob, file.filename ), setError )
			.finally( () => setIsDownloading( false ) );
	};

	return {
		isDownloading,
		error,
		download,
		dismiss: () => setError( null ),
	};
}
