// libFuzzer target: parses the input as a whisk file and, when it parses,
// lays it out as `whiskc fmt` does (which must succeed) and resolves and checks
// it, then renders the diagnostics as text and JSON.
//
// Everything stays in memory: the input is the only module (its imports are
// not followed, so no file is read) and no values file is given. Build with
// -DWHISK_FUZZ=ON and clang; see tests/fuzz/CMakeLists.txt.
#include <cstddef>
#include <cstdint>
#include <string>

#include "compiler/check/check.h"
#include "compiler/format/format.h"
#include "compiler/parse/parse.h"
#include "compiler/resolve/declarations.h"
#include "compiler/resolve/modules.h"
#include "compiler/source/diagnostic.h"
#include "compiler/source/file_io.h"
#include "compiler/source/render.h"
#include "compiler/source/source_map.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace whisk;
  SourceMap sources;
  Diagnostics diags;
  std::string text(reinterpret_cast<const char*>(data), size);
  // As the module loader does: report invalid UTF-8, parse anyway.
  FileId file = AddSourceFile(sources, "fuzz.ow", std::move(text), diags);

  if (!diags.has_errors()) {
    Diagnostics parse_diags;
    ast::Module module = Parse(file, sources.text(file), parse_diags);
    if (!parse_diags.has_errors() && !format::Format(sources.text(file), module)) __builtin_trap();
  }

  resolve::ModuleSet modules;
  modules.modules.push_back(
      resolve::LoadedModule{Parse(file, sources.text(file), diags), "fuzz.ow", "."});
  resolve::Declarations decls = resolve::CollectDeclarations(modules, diags);
  Check(modules, decls, {}, CheckOptions{}, diags);

  diags.Sort();
  for (DiagFormat format : {DiagFormat::Text, DiagFormat::Json}) {
    RenderOptions options;
    options.format = format;
    options.max_errors = 0;
    RenderDiagnostics(diags, sources, options);
  }
  return 0;
}
