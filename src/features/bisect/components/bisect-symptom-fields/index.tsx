import {
	CheckboxControl,
	SelectControl,
	TextControl,
	TextareaControl,
} from '@wordpress/components';
import { __ } from '@wordpress/i18n';

import type { BisectSymptom } from '../../types';

/** The automatic mode's form, as typed (numbers stay text until sent). */
export interface SymptomForm {
	method: 'GET' | 'POST';
	body: string;
	loggedIn: boolean;
	status: boolean;
	fatal: boolean;
	slowerThan: string;
	contains: string;
	lacks: string;
	memory: string;
	timeout: string;
	repeats: string;
}

export const DEFAULT_SYMPTOM_FORM: SymptomForm = {
	method: 'GET',
	body: '',
	loggedIn: false,
	status: true,
	fatal: true,
	slowerThan: '',
	contains: '',
	lacks: '',
	memory: '',
	timeout: '15',
	repeats: '1',
};

/** Whether the form names at least one way to tell the site is broken. */
export function hasFailureTest( form: SymptomForm ): boolean {
	return (
		form.status ||
		form.fatal ||
		[ form.slowerThan, form.contains, form.lacks, form.memory ].some(
			( value ) => value !== ''
		)
	);
}

/**
 * The symptom the REST API takes.
 *
 * @param form Form.
 * @param url  Page that shows the problem.
 */
export function toSymptom( form: SymptomForm, url: string ): BisectSymptom {
	return {
		url,
		method: form.method,
		body: form.method === 'POST' ? form.body : '',
		logged_in: form.loggedIn,
		timeout: Number( form.timeout ) || 15,
		tests: {
			status: form.status,
			fatal: form.fatal,
			slower_than:
				form.slowerThan === '' ? null : Number( form.slowerThan ),
			contains: form.contains,
			lacks: form.lacks,
			memory_over_mb: form.memory === '' ? null : Number( form.memory ),
		},
	};
}

interface Props {
	value: SymptomForm;
	onChange: ( value: SymptomForm ) => void;
}

/**
 * How automatic mode requests the page and tells that it failed.
 *
 * @param props          Component props.
 * @param props.value    Form.
 * @param props.onChange Called with the whole changed form.
 */
export default function BisectSymptomFields( { value, onChange }: Props ) {
	const set = < K extends keyof SymptomForm >(
		key: K,
		next: SymptomForm[ K ]
	) => onChange( { ...value, [ key ]: next } );
	return (
		<>
			<SelectControl
				label={ __( 'Method', 'triage' ) }
				value={ value.method }
				options={ [
					{ value: 'GET', label: 'GET' },
					{ value: 'POST', label: 'POST' },
				] }
				onChange={ ( next ) =>
					set( 'method', next === 'POST' ? 'POST' : 'GET' )
				}
			/>
			{ value.method === 'POST' && (
				<TextareaControl
					label={ __( 'POST body', 'triage' ) }
					help={ __(
						'Form fields (a=1&b=2) or JSON. Every probe really sends it: avoid forms that create content. Probes never send email.',
						'triage'
					) }
					value={ value.body }
					onChange={ ( next ) => set( 'body', next ) }
				/>
			) }
			<CheckboxControl
				label={ __(
					'Send the test requests logged in as me',
					'triage'
				) }
				checked={ value.loggedIn }
				onChange={ ( next ) => set( 'loggedIn', next ) }
			/>
			<fieldset className="triage-bisect-setup__tests">
				<legend>{ __( 'The site is broken when…', 'triage' ) }</legend>
				<CheckboxControl
					label={ __( 'it answers HTTP 500 or more', 'triage' ) }
					checked={ value.status }
					onChange={ ( next ) => set( 'status', next ) }
				/>
				<CheckboxControl
					label={ __( 'a PHP fatal error is logged', 'triage' ) }
					checked={ value.fatal }
					onChange={ ( next ) => set( 'fatal', next ) }
				/>
				<TextControl
					label={ __( 'it takes longer than (seconds)', 'triage' ) }
					type="number"
					min={ 0.1 }
					max={ 60 }
					value={ value.slowerThan }
					onChange={ ( next ) => set( 'slowerThan', next ) }
				/>
				<TextControl
					label={ __( 'the page contains this text', 'triage' ) }
					value={ value.contains }
					onChange={ ( next ) => set( 'contains', next ) }
				/>
				<TextControl
					label={ __( 'the page lacks this text', 'triage' ) }
					value={ value.lacks }
					onChange={ ( next ) => set( 'lacks', next ) }
				/>
				<TextControl
					label={ __( 'peak memory is over (MB)', 'triage' ) }
					type="number"
					min={ 1 }
					value={ value.memory }
					onChange={ ( next ) => set( 'memory', next ) }
				/>
			</fieldset>
			<TextControl
				label={ __( 'Give up on a request after (seconds)', 'triage' ) }
				type="number"
				min={ 2 }
				max={ 60 }
				value={ value.timeout }
				onChange={ ( next ) => set( 'timeout', next ) }
			/>
			<SelectControl
				label={ __( 'Requests per verdict', 'triage' ) }
				help={ __(
					'More than one resists a symptom that comes and goes; disagreeing answers are reported as flaky.',
					'triage'
				) }
				value={ value.repeats }
				options={ [ '1', '2', '3' ].map( ( repeats ) => ( {
					value: repeats,
					label: repeats,
				} ) ) }
				onChange={ ( next ) => set( 'repeats', next ) }
			/>
		</>
	);
}
