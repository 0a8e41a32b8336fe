/** How candidates are named for a person: two installs with one name carry their folder. */

import { __, sprintf } from '@wordpress/i18n';

import type { BisectCandidate } from './types';

/**
 * The folder a candidate lives in, as a person finds it on disk: "user-switching/" for a plugin in a
 * folder, the file for a single-file plugin ("hello.php"), the theme's folder for the theme.
 *
 * @param id Candidate id (plugin basename or theme:<stylesheet>).
 */
export function candidateFolder( id: string ): string {
	const path = id.startsWith( 'theme:' ) ? id.slice( 6 ) + '/' : id;
	const slash = path.indexOf( '/' );
	return slash >= 0 ? path.slice( 0, slash + 1 ) : path;
}

/**
 * A candidate's name, or its id when it is no longer active. Two installs with the same name (a plugin
 * copied to another folder) are told apart by their folder: "User Switching (user-switching-old/)".
 *
 * @param id         Candidate id.
 * @param candidates Candidates.
 */
export function candidateName(
	id: string,
	candidates: BisectCandidate[]
): string {
	const name = candidates.find( ( candidate ) => candidate.id === id )?.name;
	if ( name === undefined ) {
		return id;
	}
	const twins = candidates.filter(
		( candidate ) =>
			candidate.id !== id &&
			candidate.name.trim().toLowerCase() === name.trim().toLowerCase()
	);
	return twins.length
		? sprintf(
				/* translators: 1: plugin or theme name, 2: its folder, e.g. user-switching/. */
				__( '%1$s (%2$s)', 'triage' ),
				name,
				candidateFolder( id )
			)
		: name;
}

/**
 * Names of a list of candidates, comma-separated (lists of what a test loaded).
 *
 * @param ids        Candidate ids.
 * @param candidates Candidates.
 */
export function candidateNames(
	ids: string[],
	candidates: BisectCandidate[]
): string {
	return ids.map( ( id ) => candidateName( id, candidates ) ).join( ', ' );
}

/**
 * Names of a few candidates for a sentence: "A", "A and B", "A, B and C".
 *
 * @param ids        Candidate ids.
 * @param candidates Candidates.
 */
export function candidateList(
	ids: string[],
	candidates: BisectCandidate[]
): string {
	const names = ids.map( ( id ) => candidateName( id, candidates ) );
	if ( names.length < 2 ) {
		return names.join( '' );
	}
	return sprintf(
		/* translators: 1: names separated by commas, 2: the last name. */
		__( '%1$s and %2$s', 'triage' ),
		names.slice( 0, -1 ).join( ', ' ),
		names[ names.length - 1 ]
	);
}
