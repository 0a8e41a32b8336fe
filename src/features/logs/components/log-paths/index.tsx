import { Button, Notice, TextControl } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import type { ApiError } from '../../../../shared/types';
import { saveLogPaths } from '../../api';
import type { LogSource, LogSources } from '../../types';

interface Props {
	/** Every source; the ones added by hand have origin "custom". */
	sources: LogSource[];
	/** Called after the list changed on the server. */
	onSaved: () => void;
}

/**
 * Log files an administrator adds by hand (a PHP-FPM pool log, a custom web server log): each must be a
 * readable file whose name ends like a log (.log, .log.N, .err, error_log); the server checks and refuses
 * anything else.
 *
 * @param props         Component props.
 * @param props.sources Sources.
 * @param props.onSaved Called after a change.
 */
export default function LogPaths( { sources, onSaved }: Props ) {
	const custom = sources.filter( ( source ) => source.origin === 'custom' );
	const [ path, setPath ] = useState( '' );
	const [ busy, setBusy ] = useState( false );
	const [ error, setError ] = useState< ApiError | null >( null );
	// Paths refused or not readable yet: the others were saved all the same.
	const [ problems, setProblems ] = useState< LogSources[ 'problems' ] >(
		[]
	);

	const save = ( paths: string[] ) => {
		setBusy( true );
		setError( null );
		setProblems( [] );
		saveLogPaths( paths )
			.then( ( answer ) => {
				setPath( '' );
				setProblems( answer.problems );
				onSaved();
			} )
			.catch( ( reason: ApiError ) => setError( reason ) )
			.finally( () => setBusy( false ) );
	};

	return (
		<details className="triage-log-paths">
			<summary>{ __( 'Read another log file', 'triage' ) }</summary>
			<p>
				{ __(
					'Add a log Triage did not find by itself, such as a PHP-FPM pool log. It must be a readable file whose name ends in .log (or .log.1, .log.2, …), .err or error_log.',
					'triage'
				) }
			</p>
			{ custom.length > 0 && (
				<ul className="triage-log-paths__list">
					{ custom.map( ( source ) => (
						<li key={ source.id }>
							<code>{ source.path }</code>{ ' ' }
							<Button
								variant="link"
								isDestructive
								disabled={ busy }
								onClick={ () =>
									save(
										custom
											.filter(
												( other ) =>
													other.id !== source.id
											)
											.map( ( other ) => other.path )
									)
								}
								aria-label={ sprintf(
									/* translators: %s: file path. */
									__( 'Stop reading %s', 'triage' ),
									source.path
								) }
							>
								{ __( 'Remove', 'triage' ) }
							</Button>
						</li>
					) ) }
				</ul>
			) }
			<form
				className="triage-log-paths__form"
				onSubmit={ ( event ) => {
					event.preventDefault();
					if ( path.trim() ) {
						save( [
							...custom.map( ( source ) => source.path ),
							path.trim(),
						] );
					}
				} }
			>
				<TextControl
					__nextHasNoMarginBottom
					label={ __( 'Absolute path of a log file', 'triage' ) }
					value={ path }
					placeholder="/var/log/php8.2-fpm.log"
					onChange={ ( value: string ) => setPath( value ) }
				/>
				<Button
					variant="secondary"
					type="submit"
					isBusy={ busy }
					disabled={ busy || ! path.trim() }
				>
					{ __( 'Add log file', 'triage' ) }
				</Button>
			</form>
			{ error && (
				<Notice status="error" isDismissible={ false }>
					{ error.message }
				</Notice>
			) }
			{ problems.length > 0 && (
				<Notice status="warning" isDismissible={ false }>
					<ul className="triage-log-paths__problems">
						{ problems.map( ( problem ) => (
							<li key={ problem.path }>{ problem.error }</li>
						) ) }
					</ul>
				</Notice>
			) }
		</details>
	);
}
