/**
 * Hands a file made in the browser to its own download, as a click on a link to it would. The contents
 * come from apiFetch (the REST nonce in a header), so no nonce ever appears in a URL.
 *
 * @param blob     Contents.
 * @param filename Name to save it under.
 */
export function saveFile( blob: Blob, filename: string ): void {
	const url = URL.createObjectURL( blob );
	const link = document.createElement( 'a' );
	link.href = url;
	link.download = filename;
	link.hidden = true;
	document.body.appendChild( link );
	link.click();
	link.remove();
	// The browser reads the object URL after the click returns: free the memory a little later.
	window.setTimeout( () => URL.revokeObjectURL( url ), 1000 );
}
