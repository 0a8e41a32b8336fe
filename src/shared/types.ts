/** REST shapes every feature uses. */

/** The error body of a failed REST request, as WordPress sends it. */
export interface ApiError {
	code: string;
	message: string;
	data?: { status?: number } | null;
}
