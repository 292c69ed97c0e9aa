#pragma once
// Standard base64 (RFC 4648): Secret data and binaryData on the way out, the `*-data` fields
// of kubeconfig files on the way in.

#include <optional>
#include <string>
#include <string_view>

namespace whisk {

/// `bytes` in base64, padded.
std::string EncodeBase64(std::string_view bytes);

/// The bytes `text` encodes; whitespace is skipped, padding optional. nullopt when `text` is
/// not base64.
std::optional<std::string> DecodeBase64(std::string_view text);

}  // namespace whisk
