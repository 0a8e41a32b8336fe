<?php
/**
 * Reads the certificate chain a TLS server presents, as a verifying proxy would see it.
 *
 * @package Triage
 */

namespace Triage\Health;

defined( 'ABSPATH' ) || exit;

/**
 * Opens one TLS connection (no HTTP request) to an address and port with a given server name (SNI),
 * without verifying, captures the chain and judges it: dates, names, self-signed, whether the chain
 * reaches a trusted root with what the server sent (a missing intermediate breaks proxies that do not
 * fetch it). Never warns: a closed port or a missing OpenSSL extension is an answer, not an error.
 *
 * @phpstan-type Certificate array{subject: string, issuer: string, not_before: int, not_after: int, names: string[], self_signed: bool}
 * @phpstan-type Report array{connected: bool, error: string, chain: array<int, Certificate>, self_signed: bool, complete: bool, trusted: bool, missing: string}
 */
final class Tls_Inspector {

	/** Functions this needs; without any of them the inspection is not possible. */
	public const FUNCTIONS = array( 'stream_socket_client', 'stream_context_create', 'stream_context_get_params', 'openssl_x509_parse', 'openssl_x509_verify', 'openssl_pkey_get_public', 'openssl_x509_read' );

	/**
	 * PHP seam (only asked whether functions may be called, so tests can take OpenSSL away).
	 *
	 * @var Runtime
	 */
	private $runtime;

	/**
	 * PEM bundle of trusted roots.
	 *
	 * @var string
	 */
	private $ca_file;

	/**
	 * Trusted roots, parsed on first use.
	 *
	 * @var array<int, array{subject: array<string, mixed>, cert: mixed}>|null
	 */
	private $roots = null;

	/**
	 * Takes the runtime and the trusted roots.
	 *
	 * @param Runtime $runtime PHP seam.
	 * @param string  $ca_file PEM bundle of trusted roots; '' for WordPress's own bundle.
	 */
	public function __construct( Runtime $runtime, string $ca_file = '' ) {
		$this->runtime = $runtime;
		$this->ca_file = '' !== $ca_file ? $ca_file : ABSPATH . 'wp-includes/certificates/ca-bundle.crt';
	}

	/**
	 * Whether PHP here can open TLS connections and read certificates.
	 *
	 * @return bool
	 */
	public function available(): bool {
		foreach ( self::FUNCTIONS as $function ) {
			if ( ! $this->runtime->can( $function ) ) {
				return false;
			}
		}
		return in_array( 'ssl', (array) stream_get_transports(), true );
	}

	/**
	 * Connects and reads the chain.
	 *
	 * @param string $address     IP address to connect to.
	 * @param int    $port        Port.
	 * @param string $server_name Name sent as SNI and matched against the certificate.
	 * @param float  $timeout     Seconds for the connection and the handshake together.
	 * @return array{connected: bool, error: string, chain: array<int, array{subject: string, issuer: string, not_before: int, not_after: int, names: string[], self_signed: bool}>, self_signed: bool, complete: bool, trusted: bool, missing: string}
	 */
	public function inspect( string $address, int $port, string $server_name, float $timeout ): array {
		$report = array(
			'connected'   => false,
			'error'       => '',
			'chain'       => array(),
			'self_signed' => false,
			'complete'    => false,
			'trusted'     => false,
			'missing'     => '',
		);
		if ( ! $this->available() ) {
			$report['error'] = __( 'PHP\'s OpenSSL extension is not available here (or stream_socket_client is disabled).', 'triage' );
			return $report;
		}
		$certificates = $this->fetch_chain( $address, $port, $server_name, $timeout, $report['error'] );
		if ( ! $certificates ) {
			return $report;
		}
		$report['connected'] = true;
		$parsed              = array();
		foreach ( $certificates as $certificate ) {
			$info = openssl_x509_parse( $certificate );
			if ( is_array( $info ) ) {
				$parsed[] = array(
					'cert' => $certificate,
					'info' => $info,
				);
			}
		}
		if ( ! $parsed ) {
			$report['error'] = __( 'The server sent a certificate PHP could not read.', 'triage' );
			return $report;
		}
		foreach ( $parsed as $item ) {
			$report['chain'][] = self::describe( $item['info'], self::signed_by( $item['cert'], $item['cert'] ) && $item['info']['subject'] === $item['info']['issuer'] );
		}
		$report['self_signed'] = $report['chain'][0]['self_signed'];
		$this->walk( $parsed, $report );
		return $report;
	}

	/**
	 * Whether a certificate's names cover a host (DNS names with one-label wildcards, IP addresses).
	 *
	 * @param string[] $names Names from the certificate.
	 * @param string   $host  Host.
	 * @return bool
	 */
	public static function matches_host( array $names, string $host ): bool {
		$host = strtolower( trim( $host, '[]' ) );
		foreach ( $names as $name ) {
			$name = strtolower( $name );
			if ( $name === $host ) {
				return true;
			}
			if ( 0 === strpos( $name, '*.' ) && false === filter_var( $host, FILTER_VALIDATE_IP ) ) {
				$dot = strpos( $host, '.' );
				if ( false !== $dot && substr( $host, $dot ) === substr( $name, 1 ) ) {
					return true;
				}
			}
		}
		return false;
	}

	/**
	 * Opens the connection and returns the chain the server sent, leaf first; empty with $error set on failure.
	 *
	 * @param string $address     IP address.
	 * @param int    $port        Port.
	 * @param string $server_name SNI.
	 * @param float  $timeout     Seconds.
	 * @param string $error       Set to why nothing came back.
	 * @return array<int, mixed>
	 */
	private function fetch_chain( string $address, int $port, string $server_name, float $timeout, string &$error ): array {
		$context = stream_context_create(
			array(
				'ssl' => array(
					// What a verifying proxy would refuse is judged below; here we only want to see the chain.
					'verify_peer'             => false,
					'verify_peer_name'        => false,
					'allow_self_signed'       => true,
					'peer_name'               => $server_name,
					'SNI_enabled'             => true,
					'capture_peer_cert'       => true,
					'capture_peer_cert_chain' => true,
				),
			)
		);
		$target  = 'ssl://' . ( false !== filter_var( $address, FILTER_VALIDATE_IP, FILTER_FLAG_IPV6 ) ? '[' . $address . ']' : $address ) . ':' . $port;
		$errno   = 0;
		$errstr  = '';
		$warning = '';
		set_error_handler( // phpcs:ignore WordPress.PHP.DevelopmentFunctions.error_log_set_error_handler -- scoped to this connection, restored below: a refused or failed handshake is an answer.
			static function ( $level, $message ) use ( &$warning ) {
				$warning = (string) $message;
				return true;
			}
		);
		try {
			$stream = stream_socket_client( $target, $errno, $errstr, max( 0.1, $timeout ), STREAM_CLIENT_CONNECT, $context );
		} finally {
			restore_error_handler();
		}
		if ( ! is_resource( $stream ) ) {
			$reason = '' !== $errstr ? $errstr : wp_strip_all_tags( $warning );
			/* translators: 1: address:port, 2: reason. */
			$error = sprintf( __( 'No TLS connection to %1$s: %2$s', 'triage' ), $address . ':' . $port, '' !== $reason ? $reason : __( 'no reason given', 'triage' ) );
			return array();
		}
		$params = stream_context_get_params( $stream );
		fclose( $stream ); // phpcs:ignore WordPress.WP.AlternativeFunctions.file_system_operations_fclose -- a socket, not a file.
		$ssl   = isset( $params['options']['ssl'] ) && is_array( $params['options']['ssl'] ) ? $params['options']['ssl'] : array();
		$chain = isset( $ssl['peer_certificate_chain'] ) && is_array( $ssl['peer_certificate_chain'] ) ? array_values( $ssl['peer_certificate_chain'] ) : array();
		if ( ! $chain && isset( $ssl['peer_certificate'] ) ) {
			$chain = array( $ssl['peer_certificate'] );
		}
		if ( ! $chain ) {
			$error = __( 'The TLS server sent no certificate.', 'triage' );
		}
		return $chain;
	}

	/**
	 * Follows issuers from the leaf through what the server sent, then into the trusted roots.
	 *
	 * @param array<int, array{cert: mixed, info: array<string, mixed>}>                                                                                                                                                                               $parsed Chain, leaf first.
	 * @param array{connected: bool, error: string, chain: array<int, array{subject: string, issuer: string, not_before: int, not_after: int, names: string[], self_signed: bool}>, self_signed: bool, complete: bool, trusted: bool, missing: string} $report Report (updated).
	 * @return void
	 */
	private function walk( array $parsed, array &$report ): void {
		$current = $parsed[0];
		$used    = array( 0 );
		for ( $step = 0; $step < 10; $step++ ) {
			if ( $current['info']['subject'] === $current['info']['issuer'] && self::signed_by( $current['cert'], $current['cert'] ) ) {
				// A root sent by the server (or a self-signed leaf): complete; trusted only if it is one of ours.
				$report['complete'] = true;
				$report['trusted']  = null !== $this->trusted_root( $current, true );
				return;
			}
			$next = null;
			foreach ( $parsed as $index => $candidate ) {
				if ( ! in_array( $index, $used, true ) && $candidate['info']['subject'] === $current['info']['issuer'] && self::signed_by( $current['cert'], $candidate['cert'] ) ) {
					$next   = $candidate;
					$used[] = $index;
					break;
				}
			}
			if ( null !== $next ) {
				$current = $next;
				continue;
			}
			if ( null !== $this->trusted_root( $current, false ) ) {
				$report['complete'] = true;
				$report['trusted']  = true;
				return;
			}
			$report['missing'] = self::name( isset( $current['info']['issuer'] ) && is_array( $current['info']['issuer'] ) ? $current['info']['issuer'] : array() );
			return;
		}//end for
	}

	/**
	 * The trusted root that issued a certificate (or, with $same, that is the certificate), or null.
	 *
	 * @param array{cert: mixed, info: array<string, mixed>} $item Certificate.
	 * @param bool                                           $same Look for the certificate itself.
	 * @return array{subject: array<string, mixed>, cert: mixed}|null
	 */
	private function trusted_root( array $item, bool $same ): ?array {
		$wanted = $same ? $item['info']['subject'] : $item['info']['issuer'];
		foreach ( $this->roots() as $root ) {
			if ( $root['subject'] === $wanted && self::signed_by( $item['cert'], $root['cert'] ) ) {
				return $root;
			}
		}
		return null;
	}

	/**
	 * The trusted roots from the CA bundle, read once.
	 *
	 * @return array<int, array{subject: array<string, mixed>, cert: mixed}>
	 */
	private function roots(): array {
		if ( null !== $this->roots ) {
			return $this->roots;
		}
		$this->roots = array();
		$pem         = is_readable( $this->ca_file ) ? (string) file_get_contents( $this->ca_file ) : ''; // phpcs:ignore WordPress.WP.AlternativeFunctions.file_get_contents_file_get_contents -- a local CA bundle.
		if ( preg_match_all( '/-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----/s', $pem, $matches ) ) {
			foreach ( $matches[0] as $block ) {
				$cert = @openssl_x509_read( $block ); // phpcs:ignore WordPress.PHP.NoSilencedErrors.Discouraged -- a damaged entry in the bundle is skipped.
				$info = false !== $cert ? openssl_x509_parse( $cert ) : false;
				if ( false !== $cert && is_array( $info ) && isset( $info['subject'] ) && is_array( $info['subject'] ) ) {
					$this->roots[] = array(
						'subject' => $info['subject'],
						'cert'    => $cert,
					);
				}
			}
		}
		return $this->roots;
	}

	/**
	 * Whether a certificate's signature verifies with the issuer's public key.
	 *
	 * @param mixed $certificate Certificate.
	 * @param mixed $issuer      Issuer's certificate.
	 * @return bool
	 */
	private static function signed_by( $certificate, $issuer ): bool {
		$key = openssl_pkey_get_public( $issuer );
		return false !== $key && 1 === openssl_x509_verify( $certificate, $key );
	}

	/**
	 * The fields a report keeps of one certificate.
	 *
	 * @param array<string, mixed> $info        openssl_x509_parse() result.
	 * @param bool                 $self_signed Whether it signed itself.
	 * @return array{subject: string, issuer: string, not_before: int, not_after: int, names: string[], self_signed: bool}
	 */
	private static function describe( array $info, bool $self_signed ): array {
		$names = array();
		$alt   = isset( $info['extensions']['subjectAltName'] ) ? (string) $info['extensions']['subjectAltName'] : '';
		foreach ( array_filter( array_map( 'trim', explode( ',', $alt ) ) ) as $entry ) {
			if ( 0 === strpos( $entry, 'DNS:' ) ) {
				$names[] = substr( $entry, 4 );
			} elseif ( 0 === strpos( $entry, 'IP Address:' ) ) {
				$names[] = substr( $entry, 11 );
			}
		}
		$subject = isset( $info['subject'] ) && is_array( $info['subject'] ) ? $info['subject'] : array();
		if ( ! $names && isset( $subject['CN'] ) ) {
			// No subjectAltName: clients used to fall back to the common name.
			$names = (array) $subject['CN'];
		}
		return array(
			'subject'     => self::name( $subject ),
			'issuer'      => self::name( isset( $info['issuer'] ) && is_array( $info['issuer'] ) ? $info['issuer'] : array() ),
			'not_before'  => isset( $info['validFrom_time_t'] ) ? (int) $info['validFrom_time_t'] : 0,
			'not_after'   => isset( $info['validTo_time_t'] ) ? (int) $info['validTo_time_t'] : 0,
			'names'       => array_values( array_map( 'strval', $names ) ),
			'self_signed' => $self_signed,
		);
	}

	/**
	 * A distinguished name in one line, most specific part first (CN, O, C).
	 *
	 * @param array<string, mixed> $name Parsed name.
	 * @return string
	 */
	private static function name( array $name ): string {
		$parts = array();
		foreach ( array( 'CN', 'O', 'C' ) as $key ) {
			if ( isset( $name[ $key ] ) ) {
				$parts[] = $key . '=' . implode( '+', array_map( 'strval', (array) $name[ $key ] ) );
			}
		}
		return implode( ', ', $parts );
	}
}
