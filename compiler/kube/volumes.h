#pragma once
// The volumes of a topology in the cluster: besides its own PersistentVolumeClaims, the claims
// the StatefulSet controller makes from each StatefulSet's volumeClaimTemplates, which outlive
// the StatefulSet (they are not its dependents unless a retention policy says so).

#include "compiler/kube/api.h"

namespace whisk::kube {

/// Whether `claim` was made from one of `statefulset`'s volumeClaimTemplates: it is named
/// TEMPLATE-SET-ORDINAL and carries the set's selector labels, as the controller makes them.
bool IsClaimOf(const Json& claim, const Json& statefulset);

}  // namespace whisk::kube
