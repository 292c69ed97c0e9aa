#pragma once

#include <string>
#include <string_view>

namespace whisk::sema {

/// The Kubernetes spelling of a whisk identifier: `init_couchdb` → `init-couchdb`.
std::string KubeName(std::string_view identifier);

/// RFC 1123 label: lowercase alphanumerics and `-`, starting and ending
/// alphanumeric, at most 63 characters.
bool IsDns1123Label(std::string_view name);

/// RFC 1123 subdomain: labels joined by dots, at most 253 characters.
bool IsDns1123Subdomain(std::string_view name);

/// A label key: optional DNS subdomain prefix and `/`, then a name of at
/// most 63 alphanumerics, `-`, `_`, `.`, starting and ending alphanumeric.
bool IsLabelKey(std::string_view key);
/// A label value: empty, or a name as in IsLabelKey's name part.
bool IsLabelValue(std::string_view value);

/// Whether every kubelet whiskc targets takes `name` as an environment
/// variable's: `[-._a-zA-Z][-._a-zA-Z0-9]*`, not `.` and not starting with
/// `..` (its IsEnvVarName). From 1.32 RelaxedEnvironmentVariableValidation
/// admits more, but a cluster may turn it off, so the older rule is the one
/// to trust.
bool IsEnvVarName(std::string_view name);

}  // namespace whisk::sema
