<?php
/**
 * The origin's TLS certificate as a verifying CDN or proxy sees it.
 *
 * @package Triage
 */

namespace Triage\Health\Checks;

use Triage\Health\Check;
use Triage\Health\Check_Context;
use Triage\Health\Check_Result;
use Triage\Health\Site_Address;
use Triage\Health\Tls_Inspector;

defined( 'ABSPATH' ) || exit;

/**
 * A proxy that verifies the origin (Cloudflare in Full (strict) mode, nginx with proxy_ssl_verify, most
 * load balancers) refuses an expired, misnamed or incomplete certificate and shows visitors its own error
 * (Cloudflare 525/526, a proxy's 502) while PHP never sees the request. Connects to this server itself:
 * its own address and the site's https port, with the site's host name as SNI. No request leaves the machine.
 */
final class Origin_Tls_Check implements Check {

	/** Days before expiry that are worth a warning. */
	private const RENEW_DAYS = 14;

	/** Seconds for the connection and handshake: it is this very machine. */
	private const TIMEOUT = 3.0;

	/**
	 * Trusted roots ('' for WordPress's bundle); tests pass their own.
	 *
	 * @var string
	 */
	private $ca_file;

	/**
	 * Takes the trusted roots.
	 *
	 * @param string $ca_file PEM bundle; '' for WordPress's own.
	 */
	public function __construct( string $ca_file = '' ) {
		$this->ca_file = $ca_file;
	}

	/**
	 * {@inheritDoc}
	 */
	public function id(): string {
		return 'origin_tls';
	}

	/**
	 * {@inheritDoc}
	 */
	public function layer(): string {
		return 'cdn';
	}

	/**
	 * {@inheritDoc}
	 *
	 * Slow: it opens a connection (bounded by a 3 s timeout).
	 */
	public function is_slow(): bool {
		return true;
	}

	/**
	 * {@inheritDoc}
	 *
	 * @param Check_Context $context Context.
	 */
	public function run( Check_Context $context ): Check_Result {
		$runtime = $context->runtime();
		$server  = $runtime->server_vars();
		$home    = (string) get_option( 'home' );
		$https   = 'https' === strtolower( (string) wp_parse_url( $home, PHP_URL_SCHEME ) );
		$vendor  = Cdn_Proxy_Check::vendor( $server );
		$target  = $this->target( $home, $https, $server, new Site_Address( $runtime ) );

		$evidence = array(
			Check_Result::evidence( __( 'Site address', 'triage' ), $home ),
			Check_Result::evidence( __( 'In front of the site', 'triage' ), '' !== $vendor ? $vendor : __( 'no CDN or proxy seen on your request', 'triage' ) ),
		);
		if ( ! $https && '' === $vendor ) {
			return Check_Result::measured( $this, Check_Result::GOOD, __( 'The site is served over plain HTTP with nothing in front: no origin certificate to check', 'triage' ), $evidence );
		}
		$inspector = new Tls_Inspector( $runtime, $this->ca_file );
		if ( ! $inspector->available() ) {
			return Check_Result::unknown( $this, __( 'The origin\'s certificate could not be checked', 'triage' ), __( 'PHP\'s OpenSSL extension is not available here (or stream_socket_client is disabled), so Triage cannot open a TLS connection.', 'triage' ), $evidence );
		}
		/* translators: 1: address:port, 2: host name sent as SNI. */
		$evidence[] = Check_Result::evidence( __( 'Connected to', 'triage' ), sprintf( __( '%1$s (server name %2$s)', 'triage' ), $target['address'] . ':' . $target['port'], $target['host'] ) );
		$report     = $inspector->inspect( $target['address'], $target['port'], $target['host'], self::TIMEOUT );
		if ( ! $report['connected'] ) {
			$evidence[] = Check_Result::evidence( __( 'Answer', 'triage' ), $report['error'] );
			return Check_Result::unknown(
				$this,
				__( 'Nothing answered TLS on this server for the site', 'triage' ),
				$https
					? __( 'TLS may end in front of this server (a load balancer or the CDN), whose certificate is then what visitors see; or the web server does not listen on the site\'s https port here.', 'triage' )
					: __( 'The CDN or proxy probably reaches this server over plain HTTP (Cloudflare\'s Flexible mode): there is no origin certificate to fail.', 'triage' ),
				$evidence
			);
		}
		return $this->judge( $report, $target['host'], $vendor, $runtime->now(), $evidence );
	}

	/**
	 * Where to connect: this server's own address (the one the request came in on), the site's https
	 * port (443 unless the site address names one), and its host name as SNI.
	 *
	 * @param string               $home   Site address.
	 * @param bool                 $https  Whether it is https.
	 * @param array<string, mixed> $server  Server variables.
	 * @param Site_Address         $site    Tells this machine's addresses.
	 * @return array{address: string, port: int, host: string}
	 */
	private function target( string $home, bool $https, array $server, Site_Address $site ): array {
		$address = isset( $server['SERVER_ADDR'] ) ? (string) $server['SERVER_ADDR'] : '';
		if ( false === filter_var( $address, FILTER_VALIDATE_IP ) || '0.0.0.0' === $address ) {
			$address = '127.0.0.1';
		}
		$port   = $https ? (int) wp_parse_url( $home, PHP_URL_PORT ) : 0;
		$target = array(
			'address' => $address,
			'port'    => $port > 0 ? $port : 443,
			'host'    => Site_Address::host( $home ),
		);
		/**
		 * Filters where Triage connects to read the origin's certificate. Only this machine makes sense.
		 *
		 * @param array{address: string, port: int, host: string} $target Address, port and server name.
		 */
		$filtered = apply_filters( 'triage_origin_tls_target', $target );
		// Only this machine: a filtered address elsewhere would turn the check into an outgoing request.
		if ( is_array( $filtered ) && isset( $filtered['address'], $filtered['port'], $filtered['host'] ) && false !== filter_var( (string) $filtered['address'], FILTER_VALIDATE_IP ) && $site->is_local( (string) $filtered['address'] ) ) {
			$target = array(
				'address' => (string) $filtered['address'],
				'port'    => (int) $filtered['port'],
				'host'    => (string) $filtered['host'],
			);
		}
		return $target;
	}

	/**
	 * Judges what the server presented.
	 *
	 * @param array{connected: bool, error: string, chain: array<int, array{subject: string, issuer: string, not_before: int, not_after: int, names: string[], self_signed: bool}>, self_signed: bool, complete: bool, trusted: bool, missing: string} $report   Inspection.
	 * @param string                                                                                                                                                                                                                                   $host     Site host.
	 * @param string                                                                                                                                                                                                                                   $vendor   CDN or proxy ('' for none).
	 * @param int                                                                                                                                                                                                                                      $now      Current time.
	 * @param array<int, array{label: string, value: string}>                                                                                                                                                                                          $evidence Evidence so far.
	 * @return Check_Result
	 */
	private function judge( array $report, string $host, string $vendor, int $now, array $evidence ): Check_Result {
		$leaf       = $report['chain'][0];
		$days_left  = (int) floor( ( $leaf['not_after'] - $now ) / DAY_IN_SECONDS );
		$cloudflare = 'Cloudflare' === $vendor;
		$origin_ca  = false !== stripos( $leaf['issuer'], 'CloudFlare Origin' );

		$evidence[] = Check_Result::evidence( __( 'Certificate for', 'triage' ), $leaf['names'] ? implode( ', ', array_slice( $leaf['names'], 0, 6 ) ) : $leaf['subject'] );
		$evidence[] = Check_Result::evidence( __( 'Issued by', 'triage' ), $leaf['self_signed'] ? __( 'itself (self-signed)', 'triage' ) : $leaf['issuer'] );
		/* translators: 1: start date, 2: end date. */
		$evidence[] = Check_Result::evidence( __( 'Valid', 'triage' ), sprintf( __( 'from %1$s until %2$s', 'triage' ), gmdate( 'Y-m-d H:i', $leaf['not_before'] ) . ' UTC', gmdate( 'Y-m-d H:i', $leaf['not_after'] ) . ' UTC' ) );
		$evidence[] = Check_Result::evidence(
			__( 'Days left', 'triage' ),
			$days_left >= 0
				? (string) $days_left
				/* translators: %d: number of days. */
				: sprintf( _n( 'expired %d day ago', 'expired %d days ago', -$days_left, 'triage' ), -$days_left )
		);
		$evidence[] = Check_Result::evidence(
			__( 'Chain sent by the server', 'triage' ),
			/* translators: %d: number of certificates. */
			sprintf( _n( '%d certificate', '%d certificates', count( $report['chain'] ), 'triage' ), count( $report['chain'] ) ) . ' — ' . (
				'' !== $report['missing']
					/* translators: %s: issuer name. */
					? sprintf( __( 'incomplete: the intermediate certificate "%s" is missing', 'triage' ), $report['missing'] )
					: ( $report['trusted'] ? __( 'complete, ends at a trusted root', 'triage' ) : __( 'ends at a root no public trust store holds', 'triage' ) )
			)
		);

		$problems = array();
		if ( $leaf['not_after'] < $now ) {
			$problems[] = array(
				Check_Result::CRITICAL,
				/* translators: 1: number of days, 2: date. */
				sprintf( _n( 'The origin\'s certificate expired %1$d day ago (%2$s)', 'The origin\'s certificate expired %1$d days ago (%2$s)', max( 1, -$days_left ), 'triage' ), max( 1, -$days_left ), gmdate( 'Y-m-d', $leaf['not_after'] ) ),
				__( 'Renew the certificate (certbot renew, or your host\'s control panel) and reload the web server (nginx -s reload or systemctl reload apache2); then make sure renewal runs on its own (systemctl list-timers | grep certbot). Behind Cloudflare you can instead install a Cloudflare Origin CA certificate (SSL/TLS → Origin Server), valid up to 15 years and trusted by Cloudflare only.', 'triage' ),
			);
		} elseif ( $leaf['not_before'] > $now ) {
			$problems[] = array(
				Check_Result::CRITICAL,
				/* translators: %s: date. */
				sprintf( __( 'The origin\'s certificate is not valid yet (from %s)', 'triage' ), gmdate( 'Y-m-d H:i', $leaf['not_before'] ) . ' UTC' ),
				__( 'Check this server\'s clock (timedatectl; enable NTP) or reissue the certificate: a verifying proxy refuses a certificate before its start date.', 'triage' ),
			);
		} elseif ( $days_left < self::RENEW_DAYS ) {
			$problems[] = array(
				Check_Result::WARNING,
				/* translators: %d: number of days. */
				sprintf( _n( 'The origin\'s certificate expires in %d day', 'The origin\'s certificate expires in %d days', $days_left, 'triage' ), $days_left ),
				__( 'Renew it now (certbot renew) and check why automatic renewal has not run (systemctl list-timers | grep certbot; the renewal log in /var/log/letsencrypt/).', 'triage' ),
			);
		}//end if
		if ( '' !== $host && ! Tls_Inspector::matches_host( $leaf['names'], $host ) ) {
			$problems[] = array(
				Check_Result::CRITICAL,
				/* translators: 1: names on the certificate, 2: site host. */
				sprintf( __( 'The origin\'s certificate is for %1$s, not for %2$s', 'triage' ), $leaf['names'] ? implode( ', ', array_slice( $leaf['names'], 0, 3 ) ) : $leaf['subject'], $host ),
				/* translators: %s: site host. */
				sprintf( __( 'Issue a certificate that names %1$s (for example certbot --nginx -d %1$s), or install the CDN\'s origin certificate for it, and check that the web server\'s server_name / ServerName for %1$s selects it.', 'triage' ), $host ),
			);
		}
		if ( '' !== $report['missing'] ) {
			$problems[] = array(
				'' !== $vendor ? Check_Result::CRITICAL : Check_Result::WARNING,
				__( 'The origin sends an incomplete certificate chain (an intermediate is missing)', 'triage' ),
				/* translators: %s: issuer name. */
				sprintf( __( 'Serve the full chain: in nginx, ssl_certificate must point to the full chain (certbot\'s fullchain.pem, not cert.pem); in Apache 2.4.8+, SSLCertificateFile to the full chain (older: SSLCertificateChainFile). Missing: %s. Browsers often fetch it themselves; proxies and CDNs do not.', 'triage' ), $report['missing'] ),
			);
		}
		if ( $report['self_signed'] ) {
			$problems[] = array(
				Check_Result::WARNING,
				__( 'The origin\'s certificate is self-signed', 'triage' ),
				__( 'Only proxies that do not verify accept it: Cloudflare\'s Full mode does, Full (strict) answers 526; nginx with proxy_ssl_verify on answers 502; visitors reaching the origin directly get a browser warning. Replace it with a certificate from a public CA (Let\'s Encrypt: certbot) or, behind Cloudflare, a Cloudflare Origin CA certificate.', 'triage' ),
			);
		} elseif ( ! $report['trusted'] && '' === $report['missing'] && ! ( $cloudflare && $origin_ca ) ) {
			$problems[] = array(
				Check_Result::WARNING,
				__( 'The origin\'s certificate chain ends at a root that public trust stores do not hold', 'triage' ),
				$origin_ca
					? __( 'A Cloudflare Origin CA certificate is trusted by Cloudflare only: keep the site behind Cloudflare\'s proxy (orange cloud), or install a public certificate.', 'triage' )
					: __( 'Install a certificate from a public CA (Let\'s Encrypt: certbot), or make the proxy trust this private CA explicitly (nginx: proxy_ssl_trusted_certificate).', 'triage' ),
			);
		}

		if ( ! $problems ) {
			/* translators: %d: number of days. */
			return Check_Result::measured( $this, Check_Result::GOOD, sprintf( _n( 'The origin\'s certificate is valid for this site for %d more day', 'The origin\'s certificate is valid for this site for %d more days', $days_left, 'triage' ), $days_left ), $evidence );
		}
		usort(
			$problems,
			static function ( $a, $b ) {
				return array_search( $b[0], Check_Result::STATUSES, true ) <=> array_search( $a[0], Check_Result::STATUSES, true );
			}
		);
		if ( count( $problems ) > 1 ) {
			$evidence[] = Check_Result::evidence( __( 'Also found', 'triage' ), implode( '; ', array_column( array_slice( $problems, 1 ), 1 ) ) );
		}
		$why = __( 'A CDN or proxy that verifies the origin refuses this certificate and shows visitors its own error while PHP and WordPress never see the request (nothing in the PHP log): Cloudflare answers 526 (invalid certificate, Full (strict) mode) or 525 (TLS handshake failed); an nginx proxy answers 502 and logs "upstream SSL certificate verify error" or "SSL_do_handshake() failed"; Apache\'s mod_proxy logs AH02039 or AH01961 and answers 502. Cloudflare\'s Full (not strict) mode accepts expired, self-signed and misnamed certificates; Flexible mode does not use TLS to the origin at all.', 'triage' );
		if ( $cloudflare ) {
			$why .= ' ' . __( 'This site is behind Cloudflare: a 526/525 page with a Ray ID is Cloudflare refusing this origin; a 502 page naming nginx or Apache comes from the origin itself.', 'triage' );
		}
		return Check_Result::measured(
			$this,
			$problems[0][0],
			$problems[0][1],
			array_values( $evidence ),
			$why,
			implode( ' ', array_unique( array_column( $problems, 2 ) ) )
		);
	}
}
