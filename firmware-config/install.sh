#!/usr/bin/env bash
# Installs the ColdChain edge gateway on a Raspberry Pi (Raspberry Pi OS Bookworm, 64-bit).
#   On a build machine:  dotnet publish edge/ColdChain.Edge -c Release -r linux-arm64 --self-contained -o out/edge
#   Copy out/edge and this folder to the Pi, then:  sudo ./install.sh out/edge [gateway.json]
# Idempotent: re-running upgrades the binaries and keeps the config and the outbox.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
publish="${1:?usage: install.sh PUBLISH_DIR [GATEWAY_JSON]}"
config="${2:-}"

[ "$(id -u)" -eq 0 ] || { echo "run as root (sudo)" >&2; exit 1; }
[ -x "$publish/ColdChain.Edge" ] || { echo "$publish/ColdChain.Edge not found: run the dotnet publish command first" >&2; exit 1; }

# 1-Wire and I2C overlays, once.
boot_config=/boot/firmware/config.txt
[ -f "$boot_config" ] || boot_config=/boot/config.txt
if ! grep -q "ColdChain gateway" "$boot_config"; then
  cat "$here/config.txt.fragment" >> "$boot_config"
  echo "== added the 1-Wire and I2C overlays to $boot_config: reboot once after installing"
fi
# The kernel modules for the I2C character device (the overlays load w1-gpio/w1_therm themselves).
grep -qx i2c-dev /etc/modules || echo i2c-dev >> /etc/modules

# A system user in the gpio and i2c groups.
getent group gpio >/dev/null || groupadd --system gpio
getent group i2c >/dev/null || groupadd --system i2c
id coldchain >/dev/null 2>&1 || useradd --system --home /var/lib/coldchain --shell /usr/sbin/nologin coldchain
usermod -a -G gpio,i2c coldchain

# Binaries, config, state.
install -d -m 0755 /opt/coldchain/edge /etc/coldchain
rm -rf /opt/coldchain/edge.new && cp -a "$publish" /opt/coldchain/edge.new
rm -rf /opt/coldchain/edge.old && { [ -d /opt/coldchain/edge ] && mv /opt/coldchain/edge /opt/coldchain/edge.old || true; }
mv /opt/coldchain/edge.new /opt/coldchain/edge
install -d -m 0750 -o coldchain -g coldchain /var/lib/coldchain
if [ -n "$config" ]; then
  /opt/coldchain/edge/ColdChain.Edge --validate-config "$config"
  install -m 0640 -o root -g coldchain "$config" /etc/coldchain/gateway.json
elif [ ! -f /etc/coldchain/gateway.json ]; then
  install -m 0640 -o root -g coldchain "$here/examples/cold-room.json" /etc/coldchain/gateway.json
  echo "== installed the cold-room example as /etc/coldchain/gateway.json: edit it (site, gateway id, broker, sensors)"
fi
/opt/coldchain/edge/ColdChain.Edge --validate-config /etc/coldchain/gateway.json || echo "== fix /etc/coldchain/gateway.json before starting" >&2

# Clock: the readings' timestamps are only as good as the clock (EN 12830); health reports clock_synced.
systemctl enable --now systemd-timesyncd.service || true

install -m 0644 "$here/coldchain-edge.service" /etc/systemd/system/coldchain-edge.service
systemctl daemon-reload
systemctl enable coldchain-edge.service
systemctl restart coldchain-edge.service || true
systemctl --no-pager status coldchain-edge.service || true
