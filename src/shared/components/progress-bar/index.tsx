interface Props {
	/** What the work is, for screen readers. */
	label: string;
	value: number;
	max: number;
	/** The value in words, e.g. "3 of 9 tests done". */
	valueText: string;
}

/**
 * An accessible progress bar (WordPress 6.5 has no stable ProgressBar component).
 *
 * @param props           Component props.
 * @param props.label     What the work is.
 * @param props.value     Work done.
 * @param props.max       All the work (at least 1 is assumed).
 * @param props.valueText The value in words.
 */
export default function ProgressBar( { label, value, max, valueText }: Props ) {
	const percent = Math.min(
		100,
		Math.round( ( 100 * value ) / Math.max( max, 1 ) )
	);
	return (
		<div
			className="triage-progress__bar"
			role="progressbar"
			aria-label={ label }
			aria-valuemin={ 0 }
			aria-valuemax={ max }
			aria-valuenow={ value }
			aria-valuetext={ valueText }
		>
			<span
				className="triage-progress__fill"
				style={ { width: `${ percent }%` } }
			/>
		</div>
	);
}
