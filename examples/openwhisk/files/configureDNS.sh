# shellcheck shell=bash
# Sourced by the invoker container before it starts the invoker:
#   . /invoker-scripts/configureDNS.sh && exec /init.sh --uniqueName "$INVOKER_NAME"
# With the docker container factory, actions run in containers on the node's
# docker bridge, outside Kubernetes, so docker would give them the node's DNS.
# This hands them the invoker pod's DNS settings instead (the cluster DNS
# server, the search domains, the options) so that actions can reach cluster
# Services by name: the invoker passes every
#   CONFIG_whisk_containerFactory_containerArgs_{dnsServers,dnsSearch,dnsOptions}_<n>
# variable to `docker run` as --dns, --dns-search and --dns-opt.
# Being sourced, it must not exit or change the shell's options.

ow_dns_servers=() ow_dns_search=() ow_dns_options=()
while read -r -a ow_dns_line; do
  case ${ow_dns_line[0]:-} in
    nameserver) ow_dns_servers+=("${ow_dns_line[@]:1}") ;;
    search)     ow_dns_search=("${ow_dns_line[@]:1}") ;;   # the last line counts
    options)    ow_dns_options+=("${ow_dns_line[@]:1}") ;;
  esac
done < /etc/resolv.conf

# ow_dns_export NAME VALUE...: exports NAME_0=VALUE, NAME_1=VALUE, ...
ow_dns_export() {
  local name=$1 i=0 value
  shift
  for value in "$@"; do
    export "CONFIG_whisk_containerFactory_containerArgs_${name}_$i=$value"
    i=$((i + 1))
  done
}
ow_dns_export dnsServers "${ow_dns_servers[@]}"
ow_dns_export dnsSearch "${ow_dns_search[@]}"
ow_dns_export dnsOptions "${ow_dns_options[@]}"

echo "configureDNS: actions get nameservers (${ow_dns_servers[*]}), search (${ow_dns_search[*]}), options (${ow_dns_options[*]})"
unset -v ow_dns_servers ow_dns_search ow_dns_options ow_dns_line
unset -f ow_dns_export
