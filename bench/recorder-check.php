<?php
/**
 * Prepended (auto_prepend_file) to one run of bench/recorder.sh per case: prints to stderr whether this
 * request had an in-flight marker (this worker's recorder file, not empty) while it ran. Its shutdown function
 * is registered before the loader's, so it runs while the marker is still there.
 *
 * @package Triage
 */

// phpcs:disable WordPress.WP.AlternativeFunctions

register_shutdown_function(
	static function () {
		$found = 0;
		if ( class_exists( 'Triage_Flight_Recorder_Loader', false ) && '' !== Triage_Flight_Recorder_Loader::DIR ) {
			$file  = Triage_Flight_Recorder_Loader::DIR . '/' . Triage_Flight_Recorder_Loader::FILE_PREFIX . getmypid() . '-' . Triage_Flight_Recorder_Loader::KEY . '.run';
			$found = is_file( $file ) && filesize( $file ) > 0 ? 1 : 0;
		}
		// php-cgi has no STDERR constant.
		file_put_contents( 'php://stderr', 'triage-bench-marker=' . $found . "\n" );
	}
);
