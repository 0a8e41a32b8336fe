import { __, sprintf } from '@wordpress/i18n';

import { describeSource, describeStatus } from '../../format';
import type { DebugState } from '../../types';

/**
 * Every debug setting, where it is defined (file and line, elsewhere, or WordPress's default), and
 * wp-config.php itself: its path, owner and whether the web server may write it.
 *
 * @param props       Component props.
 * @param props.state Debug state.
 */
export default function DebugConstants( { state }: { state: DebugState } ) {
	return (
		<section
			className="triage-debug__section"
			aria-labelledby="triage-debug-values"
		>
			<h3 id="triage-debug-values">
				{ __( 'Debug settings and where they come from', 'triage' ) }
			</h3>
			<dl className="triage-facts">
				{ state.constants.map( ( constant ) => (
					<div
						key={ constant.name }
						className="triage-facts__row"
						data-constant={ constant.name }
					>
						<dt>{ constant.name }</dt>
						<dd>
							<code>
								{ constant.value ??
									__( 'not defined', 'triage' ) }
							</code>
							<span className="triage-facts__note">
								{ describeSource( constant ) }
								{ describeStatus( constant.status ) &&
									` — ${ describeStatus(
										constant.status
									) }` }
							</span>
						</dd>
					</div>
				) ) }
				<div
					className="triage-facts__row"
					data-constant="display_errors"
				>
					<dt>display_errors</dt>
					<dd>
						<code>{ state.display_errors || '0' }</code>
						<span className="triage-facts__note">
							{ __( 'PHP setting in this request', 'triage' ) }
						</span>
					</dd>
				</div>
				<div className="triage-facts__row" data-constant="file">
					<dt>wp-config.php</dt>
					<dd>
						<code>
							{ state.file.found
								? state.file.path
								: __( 'not found', 'triage' ) }
						</code>
						{ state.file.found && (
							<span className="triage-facts__note">
								{ [
									state.file.symlink &&
										sprintf(
											/* translators: %s: real path. */
											__(
												'symbolic link to %s',
												'triage'
											),
											state.file.real_path
										),
									`${ state.file.owner } ${ state.file.permissions }`,
									state.file.writable &&
									state.file.directory_writable
										? __( 'writable', 'triage' )
										: __(
												'read-only for the web server',
												'triage'
											),
								]
									.filter( Boolean )
									.join( ', ' ) }
							</span>
						) }
					</dd>
				</div>
			</dl>
		</section>
	);
}
