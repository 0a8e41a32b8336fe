import '@testing-library/jest-dom/vitest';
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';

// jsdom does not lay out pages, so it has no scrollIntoView; browsers all do.
Element.prototype.scrollIntoView = function () {};

beforeEach( () => {
	// What Admin_Page prints before the app.
	window.triageBoot = { restPath: '/triage/v1' };
} );

afterEach( () => {
	cleanup();
	window.location.hash = '';
} );
