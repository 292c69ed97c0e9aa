# Runs a Node.js script of a test directory with its own npm packages (tests/schema,
# tests/kube) for ctest:
#   cmake -DNODE=<node> -DDIR=<that directory> -P run_node.cmake -- SCRIPT [ARGS...]
# It fails with what to do when Node.js or the npm packages are missing or
# stale, rather than installing anything itself (dev/test installs them).
set(dir "${DIR}")
get_filename_component(name "${dir}" NAME)
set(install_hint "run `npm ci --prefix tests/${name}` from the repository root (dev/test does it)")

if(NOT NODE)
  message(FATAL_ERROR "${name} tests need Node.js >= 20 with npm, and no `node` was found when configuring")
endif()
execute_process(COMMAND "${NODE}" --version OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE)
string(REGEX REPLACE "^v" "" version "${version}")
if(version VERSION_LESS 20)
  message(FATAL_ERROR "${name} tests need Node.js >= 20; ${NODE} is ${version}")
endif()
# npm ci writes node_modules/.package-lock.json; older than package-lock.json
# means the packages predate the last change of the pinned versions.
if(NOT EXISTS "${dir}/node_modules/.package-lock.json")
  message(FATAL_ERROR "tests/${name}/node_modules is missing: ${install_hint}")
endif()
if("${dir}/package-lock.json" IS_NEWER_THAN "${dir}/node_modules/.package-lock.json")
  message(FATAL_ERROR "tests/${name}/node_modules is older than package-lock.json: ${install_hint}")
endif()

# The words after `--`: the script and its arguments.
set(args "")
set(after_dashes FALSE)
math(EXPR last "${CMAKE_ARGC} - 1")
foreach(i RANGE 1 ${last})
  if(after_dashes)
    list(APPEND args "${CMAKE_ARGV${i}}")
  elseif(CMAKE_ARGV${i} STREQUAL "--")
    set(after_dashes TRUE)
  endif()
endforeach()

execute_process(COMMAND "${NODE}" ${args} WORKING_DIRECTORY "${dir}" RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  list(JOIN args " " command)
  message(FATAL_ERROR "`node ${command}` failed (${status})")
endif()
