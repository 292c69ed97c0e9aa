#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace whisk {

/// Reads a whole file; on failure returns nullopt and sets `error` to the
/// reason (strerror text).
std::optional<std::string> ReadFile(const std::string& path, std::string* error);

/// Writes `contents` to `path` atomically: a temporary file in the same
/// directory, then rename, so readers never see a half-written file.
bool WriteFileAtomic(const std::string& path, const std::string& contents, std::string* error);

/// The length of the longest valid UTF-8 prefix of `text`.
size_t ValidUtf8Prefix(std::string_view text);

}  // namespace whisk
