// `external` components: something outside the cluster (a managed database, a
// broker elsewhere) that others reach at its `host` and wait for. Nothing of
// it runs in the cluster, so only what can be checked over the network from
// the inside applies to it.
#include <arpa/inet.h>
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <string>

#include "compiler/check/checker.h"
#include "compiler/check/names.h"

namespace whisk::check {
namespace {

using sema::Kind;

bool IsIpv4(const std::string& host) {
  in_addr address;
  return inet_pton(AF_INET, host.c_str(), &address) == 1;
}

bool IsIpv6(const std::string& host) {
  in6_addr address;
  return inet_pton(AF_INET6, host.c_str(), &address) == 1;
}

/// A name that only looks like an IPv4 address (`10.0.0.300`): its last label
/// is all digits, which no top-level domain is.
bool LooksNumeric(std::string_view host) {
  std::string_view last = host.substr(host.rfind('.') + 1);
  return !last.empty() && std::all_of(last.begin(), last.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

/// DNS names are case-insensitive; Kubernetes' rule is written for lowercase.
bool IsDnsName(std::string host) {
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return sema::IsDns1123Subdomain(host) && !LooksNumeric(host);
}

/// What someone who wrote `host` as a URL or `host:port` should write.
std::string HostHelp(std::string_view host) {
  if (host.find("://") != std::string_view::npos) {
    return "write the host alone; the scheme belongs in the URL of whoever uses it, as in "
           "`\"https://${NAME.host}:${NAME.port.PORT}\"`";
  }
  if (host.find(':') != std::string_view::npos || host.find('/') != std::string_view::npos) {
    return "write the host alone, and its port as `port NAME NUMBER`";
  }
  return "write a DNS name such as `couch.example.com` or an IP address";
}

}  // namespace

void Checker::ReadHost(const Layer& layer, NodeId prop) {
  const ast::Module& ast = Ast(layer.scope.module);
  sema::Component& c = layer.c;
  NodeId value = ast.Nth(prop, 0);
  // The host is given even when its value is in error (reported there).
  c.host_span = ast.span(value);
  std::optional<std::string> host = EvaluatePlainString(layer.scope, value);
  if (!host) return;
  if (!IsIpv4(*host) && !IsIpv6(*host) && !IsDnsName(*host)) {
    diags_
        .Report(DiagCode::InvalidName, c.host_span,
                fmt::format("`{}` is neither a DNS name nor an IP address", *host))
        .Help(HostHelp(*host));
    return;
  }
  c.host = std::move(*host);
}

bool Checker::CheckableFromOutside(const Layer& layer, NodeId check) {
  const ast::Module& ast = Ast(layer.scope.module);
  const sema::Component& c = layer.c;
  NodeKind kind = ast.kind(check);
  if (kind != NodeKind::ProbeExec && kind != NodeKind::ProbeEndpoints) return true;
  auto& d = diags_.Report(
      DiagCode::ReadyOnNeedless, ast.span(check),
      kind == NodeKind::ProbeExec
          ? fmt::format("`ready exec` cannot check `{}`: an `external` has no container to run "
                        "the command in, nor an image with its client",
                        c.name)
          : fmt::format("`ready endpoints` cannot check `{}`: the API server knows no endpoints "
                        "of an `external`",
                        c.name));
  d.With(c.name_span, fmt::format("`external {}` declared here", c.name))
      .Help("check it over the network: `ready http \"/PATH\" on PORT` or `ready tcp PORT`");
  return false;
}

void Checker::CheckExternal(const sema::Component& c) {
  if (c.kind != Kind::External) {
    // Nothing of an external runs in the cluster: no pods to place others
    // near or apart from, nothing to make a config or secret.
    for (const sema::PlaceTerm& term : c.placement) {
      if (!term.component.valid()) continue;
      const sema::Component& other = program_[term.component];
      if (other.kind != Kind::External) continue;
      diags_
          .Report(DiagCode::WrongNameKind, term.span,
                  fmt::format("`{}` cannot be placed {} `{}`: an `external` has no pods", c.name,
                              term.kind == sema::PlaceTerm::Kind::Near ? "near" : "apart from",
                              other.name))
          .With(other.name_span, fmt::format("`external {}` declared here", other.name));
    }
    return;
  }
  sema::ComponentId id{static_cast<uint32_t>(&c - program_.components.data())};
  for (const sema::DataObject& data : program_.data) {
    if (data.made_by != id) continue;
    std::string_view what = data.secret ? "secret" : "config";
    diags_
        .Report(DiagCode::WrongNameKind, data.span,
                fmt::format("{} `{}` cannot be made by `{}`: an `external` runs nothing in the "
                            "cluster",
                            what, data.name, c.name))
        .With(c.name_span, fmt::format("`external {}` declared here", c.name))
        .Help(fmt::format("declare the {} with its entries, or name the component that makes it",
                          what));
  }
  if (c.host.empty() && !c.host_span.valid() && !c.incomplete) {
    diags_
        .Report(DiagCode::MissingHost, c.name_span,
                fmt::format("`external {}` has no host", c.name))
        .Help("add `host \"NAME.EXAMPLE.COM\"`, or `host PARAM` with a string parameter");
  }
}

bool Checker::UncheckableExternal(const sema::Component& consumer, const sema::Need& need) {
  const sema::Component& target = program_[need.target];
  if (target.kind != Kind::External || !target.ports.empty()) return false;
  diags_
      .Report(DiagCode::ExternalWithoutPort, need.span,
              need.implicit
                  ? fmt::format("`{}` uses the address of `{}`, so it waits for it, but `{}` "
                                "declares no port to check",
                                consumer.name, target.name, target.name)
                  : fmt::format("`{}` needs `{}`, but `{}` declares no port to check",
                                consumer.name, target.name, target.name))
      .With(target.name_span, fmt::format("`external {}` declared here", target.name))
      .Note("an `external` is waited for over the network, by its readiness or its first port")
      .Help(
          fmt::format("declare the port it serves on, e.g. `port http 443` in `{}`", target.name));
  return true;
}

}  // namespace whisk::check
