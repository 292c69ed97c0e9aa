#pragma once
// SHA-256 (FIPS 180-4), for the ApplySet id the convention defines as a hash; not used for
// anything secret.

#include <array>
#include <cstdint>
#include <string_view>

namespace whisk::kube {

std::array<uint8_t, 32> Sha256(std::string_view bytes);

}  // namespace whisk::kube
