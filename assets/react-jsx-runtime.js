/**
 * react/jsx-runtime for WordPress 6.5, which ships React but registers no `react-jsx-runtime` script
 * (core added it in 6.6). Builds elements through React.createElement, which accepts children in props.
 */
( function ( React ) {
	'use strict';
	function jsx( type, props, key ) {
		if ( key === undefined ) {
			return React.createElement( type, props );
		}
		return React.createElement( type, Object.assign( {}, props, { key: key } ) );
	}
	window.ReactJSXRuntime = { jsx: jsx, jsxs: jsx, Fragment: React.Fragment };
} )( window.React );
