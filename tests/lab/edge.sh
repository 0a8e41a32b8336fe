#!/usr/bin/env bash
# Provokes the edge-of-chain failures on the running lab (tests/lab/up.sh first), for the e2e spec
# tests/e2e/specs/edge-of-chain.spec.ts. Each command undoes with its pair; all print one line.
#   tls-up        an https origin on 127.0.0.1:8443 serving the lab's WordPress with an EXPIRED self-signed
#                 certificate (made now with the openssl CLI, kept under the lab folder), and a verifying
#                 nginx proxy on 127.0.0.1:8890 in front of it (proxy_ssl_verify on), as a CDN in
#                 "Full (strict)" mode; its error log is <lab>/var/log/nginx/edge-proxy-error.log
#   tls-down      stops both
#   address URL [home|siteurl|both]   sets home and/or siteurl (both by default) to URL in the lab database
#                 (address reset: both back to the lab's own URL)
#   block on|off  installs/removes a must-use plugin that answers 403 to the server's own requests
set -euo pipefail
. "$(dirname "$0")/common.sh"

lab_dir_prepare
. "$(dirname "$0")/stack.sh"
stack_paths
edge="$LAB_REAL/edge"
logs="$VARLOG/nginx"
site="$SITE"
ORIGIN_PORT="${TRIAGE_EDGE_ORIGIN_PORT:-8443}"
PROXY_PORT="${TRIAGE_EDGE_PROXY_PORT:-8890}"

sql() { mariadb --protocol=socket --socket="$DB_SOCKET" -uroot triage_lab -e "$1"; }

case "${1:-}" in
	tls-up)
		[ -d "$site" ] || die "no lab site at $site: run tests/lab/up.sh first"
		bash "$0" tls-down >/dev/null 2>&1 || true
		mkdir -p "$edge/nginx"
		bash "$(dirname "$0")/certs.sh" "$edge/certs" 127.0.0.1 >/dev/null
		chmod 755 "$edge" "$edge/certs"
		chmod 644 "$edge/certs/"*.pem
		mkdir -p "$logs"
		touch "$logs/edge-proxy-error.log" "$logs/edge-origin-error.log"
		cat >"$edge/nginx.conf" <<CONF
user www-data;
worker_processes 1;
pid $edge/nginx.pid;
error_log $logs/edge-origin-error.log;
events { worker_connections 64; }
http {
	include /etc/nginx/mime.types;
	default_type application/octet-stream;
	access_log off;
	client_body_temp_path $edge/nginx/body;
	fastcgi_temp_path $edge/nginx/fastcgi;
	proxy_temp_path $edge/nginx/proxy;
	uwsgi_temp_path $edge/nginx/uwsgi;
	scgi_temp_path $edge/nginx/scgi;
	# The origin: the lab's WordPress over https, with a certificate that expired on 2021-01-01.
	server {
		listen 127.0.0.1:$ORIGIN_PORT ssl;
		server_name 127.0.0.1;
		ssl_certificate $edge/certs/self-expired.pem;
		ssl_certificate_key $edge/certs/self.key;
		root $site;
		index index.php;
		location / { try_files \$uri \$uri/ /index.php?\$args; }
		location ~ \.php\$ {
			try_files \$uri =404;
			include /etc/nginx/fastcgi_params;
			fastcgi_param SCRIPT_FILENAME \$document_root\$fastcgi_script_name;
			fastcgi_param HTTP_HOST \$host:\$server_port;
			fastcgi_param HTTPS on;
			fastcgi_pass unix:$FPM_SOCK;
		}
	}
	# The verifying proxy, as a CDN in "Full (strict)" mode: it trusts exactly this certificate, so only
	# its dates make it fail.
	server {
		listen 127.0.0.1:$PROXY_PORT;
		error_log $logs/edge-proxy-error.log;
		location / {
			proxy_pass https://127.0.0.1:$ORIGIN_PORT;
			proxy_ssl_verify on;
			proxy_ssl_trusted_certificate $edge/certs/self-expired.pem;
			proxy_ssl_server_name on;
			proxy_set_header Host \$host;
			proxy_set_header X-Forwarded-For \$remote_addr;
			proxy_set_header X-Forwarded-Proto http;
			proxy_connect_timeout 5s;
		}
	}
}
CONF
		nginx -p "$edge" -c "$edge/nginx.conf" -e "$logs/edge-origin-error.log" || die "the edge nginx did not start (see $logs/edge-origin-error.log)"
		wait_for "the https origin on 127.0.0.1:$ORIGIN_PORT" 10 bash -c "exec 3<>/dev/tcp/127.0.0.1/$ORIGIN_PORT"
		printf '{"origin":"https://127.0.0.1:%s","proxy":"http://127.0.0.1:%s","proxyLog":"%s"}\n' "$ORIGIN_PORT" "$PROXY_PORT" "$logs/edge-proxy-error.log"
		;;
	tls-down)
		if [ -f "$edge/nginx.pid" ]; then
			nginx -p "$edge" -c "$edge/nginx.conf" -s stop 2>/dev/null || kill "$(cat "$edge/nginx.pid")" 2>/dev/null || true
			for _ in $(seq 1 50); do [ -f "$edge/nginx.pid" ] || break; sleep 0.1; done
		fi
		echo '{"tls":"down"}'
		;;
	address)
		url="${2:-}"
		which="${3:-both}"
		[ "$url" = reset ] && { url="$WEB_URL"; which=both; }
		[[ "$url" =~ ^https?://[A-Za-z0-9.:-]+$ ]] || die "usage: edge.sh address <http(s)://host[:port]>|reset [home|siteurl|both]"
		case "$which" in
			home | siteurl) names="'$which'" ;;
			both) names="'home', 'siteurl'" ;;
			*) die "usage: edge.sh address <url>|reset [home|siteurl|both]" ;;
		esac
		sql "UPDATE wp_options SET option_value = '$url' WHERE option_name IN ($names)"
		printf '{"address":"%s","options":"%s"}\n' "$url" "$which"
		;;
	block)
		target="$site/wp-content/mu-plugins/triage-lab-block-loopbacks.php"
		case "${2:-}" in
			on)
				install -o www-data -g www-data -m 644 "$(dirname "$0")/fixtures/triage-lab-block-loopbacks.php" "$target" 2>/dev/null ||
					cp "$(dirname "$0")/fixtures/triage-lab-block-loopbacks.php" "$target"
				;;
			off) rm -f "$target" ;;
			*) die "usage: edge.sh block on|off" ;;
		esac
		printf '{"block":"%s"}\n' "$2"
		;;
	*)
		sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
		exit 2
		;;
esac
