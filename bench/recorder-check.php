<?php
/**
 * Prepended (auto_prepend_file) to one run of bench/recorder.sh per case: prints to stderr whether this
 * request had an in-flight marker (a recorder file named by this pid) while it ran. Its shutdown function
 * is registered before the loader's, so it runs while the marker is still there.
 *
 * @package Triage
 */

// phpcs:disable WordPress.WP.AlternativeFunctions

register_shutdown_function(
	static function () {
		$found = 0;
		if ( class_exists( 'Triage_Flight_Recorder_Loader', false ) && '' !== Triage_Flight_Recorder_Loader::DIR ) {
			$found = count( (array) glob( Triage_Flight_Recorder_Loader::DIR . '/' . Triage_Flight_Recorder_Loader::FILE_PREFIX . getmypid() . '_*-' . Triage_Flight_Recorder_Loader::KEY . '.run' ) );
		}
		// php-cgi has no STDERR constant.
		file_put_contents( 'php://stderr', 'triage-bench-marker=' . $found . "\n" );
	}
);
