#pragma once
// Where `whiskc compile` puts the manifests: stdout, one file replaced
// atomically (-o), or a directory of one file per object (--split).

#include <string>

#include "compiler/cli/options.h"
#include "compiler/lower/manifest.h"

namespace whisk::cli {

/// Writes the set as the options ask; false with `error` set on an I/O
/// failure, in which case nothing that existed before was changed.
bool WriteManifests(const Options& options, const k8s::ManifestSet& set, std::string* error);

/// The file name of object `index` (from 0) of `count` under --split:
/// `007-deployment-owdev-nginx.yaml`.
std::string SplitFileName(size_t index, size_t count, const k8s::Object& object, bool json);

}  // namespace whisk::cli
