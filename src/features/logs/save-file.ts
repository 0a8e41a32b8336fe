/**
 * Hands a downloaded file to the browser's own download, as a click on a link to it would.
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
