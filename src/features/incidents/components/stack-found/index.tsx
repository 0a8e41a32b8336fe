import { Button } from '@wordpress/components';
import { useState } from '@wordpress/element';
import { __, sprintf } from '@wordpress/i18n';

import { webServerLabel } from '../../model';
import type { RunningStack } from '../../types';

interface Props {
	stack: RunningStack;
}

/**
 * "Stack found", folded: the web server, PHP-FPM pool and database log Triage found running, each with
 * where it was found (a process's command line, a config file and line), and the logs they write.
 *
 * @param props       Component props.
 * @param props.stack The running stack.
 */
export default function StackFound( { stack }: Props ) {
	const [ open, setOpen ] = useState( false );
	const block = stack.web.server_block;
	const pool = stack.fpm.pool;
	return (
		<section className="triage-stack" aria-labelledby="triage-stack-title">
			<h3 id="triage-stack-title" className="triage-stack__title">
				<Button
					variant="link"
					aria-expanded={ open }
					aria-controls="triage-stack-details"
					onClick={ () => setOpen( ! open ) }
				>
					{ __( 'Stack found', 'triage' ) }
				</Button>
			</h3>
			{ open && (
				<div id="triage-stack-details">
					{ stack.found_from === 'fallback' && (
						<p>
							{ __(
								'The running processes could not be read (/proc is hidden): Triage looked at the usual places instead.',
								'triage'
							) }
						</p>
					) }
					<dl className="triage-facts triage-stack__facts">
						<div className="triage-facts__row">
							<dt>{ __( 'Web server', 'triage' ) }</dt>
							<dd>
								{ webServerLabel( stack ) }
								{ stack.web.config && (
									<>
										{ ' ' }
										<code>{ stack.web.config }</code>
									</>
								) }
								<br />
								<small>{ stack.web.from }</small>
							</dd>
						</div>
						{ block && (
							<div className="triage-facts__row">
								<dt>{ __( 'Serves this site', 'triage' ) }</dt>
								<dd>
									<code>
										{ block.file }:{ block.line }
									</code>{ ' ' }
									{ sprintf(
										/* translators: 1: listen addresses, 2: server names, 3: seconds. */
										__(
											'listen %1$s, server_name %2$s, fastcgi_read_timeout %3$d s',
											'triage'
										),
										block.listen.join( ' ' ) || '-',
										block.server_name.join( ' ' ) || '-',
										block.fastcgi_read_timeout
									) }
								</dd>
							</div>
						) }
						<div className="triage-facts__row">
							<dt>{ __( 'PHP-FPM', 'triage' ) }</dt>
							<dd>
								{ stack.fpm.pid === null
									? __( 'not found', 'triage' )
									: sprintf(
											/* translators: %d: process id. */
											__( 'master pid %d', 'triage' ),
											stack.fpm.pid
										) }
								{ stack.fpm.config && (
									<>
										{ ' ' }
										<code>{ stack.fpm.config }</code>
									</>
								) }
								<br />
								<small>{ stack.fpm.from }</small>
							</dd>
						</div>
						{ pool && (
							<div className="triage-facts__row">
								<dt>
									{ __( 'Pool serving this site', 'triage' ) }
								</dt>
								<dd>
									{ sprintf(
										/* translators: 1: pool name, 2: listen socket or address, 3: process manager, 4: pm.max_children. */
										__(
											'%1$s on %2$s, pm = %3$s, pm.max_children = %4$s',
											'triage'
										),
										pool.name,
										pool.listen,
										pool.pm,
										pool.max_children === null
											? __( 'unknown', 'triage' )
											: String( pool.max_children )
									) }{ ' ' }
									<code>{ pool.file }</code>
								</dd>
							</div>
						) }
						<div className="triage-facts__row">
							<dt>{ __( 'Database log', 'triage' ) }</dt>
							<dd>
								{ stack.database.log_error ? (
									<code>{ stack.database.log_error }</code>
								) : (
									__( 'not found', 'triage' )
								) }
								<br />
								<small>{ stack.database.from }</small>
							</dd>
						</div>
					</dl>
					{ stack.logs.length > 0 && (
						<table className="widefat striped triage-stack__logs">
							<caption>
								{ __( 'Logs these servers write', 'triage' ) }
							</caption>
							<thead>
								<tr>
									<th scope="col">
										{ __( 'Log', 'triage' ) }
									</th>
									<th scope="col">
										{ __( 'Found in', 'triage' ) }
									</th>
									<th scope="col">
										{ __( 'Readable', 'triage' ) }
									</th>
								</tr>
							</thead>
							<tbody>
								{ stack.logs.map( ( log ) => (
									<tr key={ `${ log.role }-${ log.path }` }>
										<td>
											<code>{ log.path }</code>
											<br />
											<small>
												{ log.software } { log.role }
												{ log.pool &&
													` (${ log.pool })` }
											</small>
										</td>
										<td>{ log.from }</td>
										<td>
											{ log.readable
												? __( 'yes', 'triage' )
												: sprintf(
														/* translators: 1: owner, 2: group, 3: mode such as 0600. */
														__(
															'no: %1$s:%2$s %3$s',
															'triage'
														),
														log.owner,
														log.group,
														log.mode
													) }
											{ ! log.readable && log.fix && (
												<>
													<br />
													{ log.fix }
												</>
											) }
										</td>
									</tr>
								) ) }
							</tbody>
						</table>
					) }
					{ stack.notes.length > 0 && (
						<ul className="triage-stack__notes">
							{ stack.notes.map( ( note ) => (
								<li key={ note }>{ note }</li>
							) ) }
						</ul>
					) }
				</div>
			) }
		</section>
	);
}
