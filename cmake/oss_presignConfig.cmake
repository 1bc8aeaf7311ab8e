# CMake package of liboss_presign. `cargo cinstall` installs it as
# <prefix>/share/cmake/oss_presign/ (Cargo.toml, [package.metadata.capi.install.data]),
# next to <prefix>/include/oss_presign.h and <prefix>/lib/liboss_presign.{a,so}.
# docs/c-api.md explains its use.
#
#   find_package(oss_presign 0.1 CONFIG REQUIRED)
#   target_link_libraries(app PRIVATE oss_presign::oss_presign)
#
# Imported targets, each defined when its library is installed and usable:
#   oss_presign::static       liboss_presign.a, with the native libraries it needs
#   oss_presign::shared       liboss_presign.so (liboss_presign.dylib on Apple systems)
#   oss_presign::oss_presign  an alias of one of the two, chosen by, in order:
#     1. the component named, static or shared (when only one of them is);
#     2. oss_presign_SHARED_LIBS, when defined: true for shared, false for static;
#     3. BUILD_SHARED_LIBS, so that the project's own choice carries over;
#     4. static: before 1.0 the library promises no ABI stability, and a
#        static link cannot meet another build of it at run time.
#   A required component (COMPONENTS) and rule 2 are demands; an optional
#   component (OPTIONAL_COMPONENTS) and rules 3 and 4 are preferences, which
#   take the other library when only that one is installed.
#
# The native libraries of the static library are those of Rust's standard
# library (`cargo rustc --release --lib --crate-type staticlib -- --print
# native-static-libs`). They are recorded below for Linux, where
# scripts/check_install.sh keeps them equal to what rustc prints. Elsewhere,
# set oss_presign_NATIVE_STATIC_LIBS to that list (a CMake list of link items)
# before find_package, or use the shared library.

if(CMAKE_VERSION VERSION_LESS 3.18)
  set(oss_presign_FOUND FALSE)
  set(oss_presign_NOT_FOUND_MESSAGE
      "needs CMake 3.18 or newer (for an ALIAS of an imported target); this is ${CMAKE_VERSION}")
  return()
endif()

cmake_policy(PUSH)
cmake_policy(VERSION 3.18...3.31)

set(_oss_presign_problem "")
get_filename_component(_oss_presign_prefix "${CMAKE_CURRENT_LIST_DIR}/../../.." ABSOLUTE)
set(_oss_presign_include_dir "${_oss_presign_prefix}/include")
set(_oss_presign_static_name "liboss_presign.a")
if(APPLE)
  set(_oss_presign_shared_name "liboss_presign.dylib")
else()
  set(_oss_presign_shared_name "liboss_presign.so")
endif()

if(WIN32)
  set(_oss_presign_problem "Windows is not supported by this package yet: link the import library by hand")
elseif(NOT EXISTS "${_oss_presign_include_dir}/oss_presign.h")
  set(_oss_presign_problem
      "${_oss_presign_include_dir}/oss_presign.h not found: the CMake files expect cargo cinstall's default layout (include/, lib/, share/) under one prefix")
endif()

# cargo cinstall's --libdir: lib by default; distributions use lib/<multiarch> or lib64.
set(_oss_presign_libdir "")
if(NOT _oss_presign_problem)
  set(_oss_presign_candidates lib)
  if(CMAKE_LIBRARY_ARCHITECTURE)
    list(APPEND _oss_presign_candidates "lib/${CMAKE_LIBRARY_ARCHITECTURE}")
  endif()
  list(APPEND _oss_presign_candidates lib64 lib32)
  foreach(_oss_presign_dir IN LISTS _oss_presign_candidates)
    if(EXISTS "${_oss_presign_prefix}/${_oss_presign_dir}/${_oss_presign_static_name}"
        OR EXISTS "${_oss_presign_prefix}/${_oss_presign_dir}/${_oss_presign_shared_name}")
      set(_oss_presign_libdir "${_oss_presign_prefix}/${_oss_presign_dir}")
      break()
    endif()
  endforeach()
  if(NOT _oss_presign_libdir)
    string(REPLACE ";" ", " _oss_presign_candidates "${_oss_presign_candidates}")
    set(_oss_presign_problem
        "neither ${_oss_presign_static_name} nor ${_oss_presign_shared_name} found in ${_oss_presign_prefix}/{${_oss_presign_candidates}}")
  endif()
endif()

# Which of the two libraries can be used, and why not.
set(_oss_presign_static_usable FALSE)
set(_oss_presign_shared_usable FALSE)
set(_oss_presign_static_why "${_oss_presign_libdir}/${_oss_presign_static_name} is not installed")
set(_oss_presign_shared_why "${_oss_presign_libdir}/${_oss_presign_shared_name} is not installed")
if(DEFINED oss_presign_NATIVE_STATIC_LIBS)
  set(_oss_presign_native "${oss_presign_NATIVE_STATIC_LIBS}")
elseif(CMAKE_SYSTEM_NAME STREQUAL "Linux")
  # rustc's --print native-static-libs for *-linux-gnu (checked by scripts/check_install.sh).
  set(_oss_presign_native -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
else()
  unset(_oss_presign_native)
endif()
if(_oss_presign_libdir)
  if(EXISTS "${_oss_presign_libdir}/${_oss_presign_static_name}")
    if(DEFINED _oss_presign_native)
      set(_oss_presign_static_usable TRUE)
    else()
      set(_oss_presign_static_why
          "the native libraries of the static library are recorded for Linux only: set oss_presign_NATIVE_STATIC_LIBS to what `cargo rustc --release --lib --crate-type staticlib -- --print native-static-libs` prints for ${CMAKE_SYSTEM_NAME}")
    endif()
  endif()
  if(EXISTS "${_oss_presign_libdir}/${_oss_presign_shared_name}")
    set(_oss_presign_shared_usable TRUE)
  endif()
endif()

# Components: static and shared, each found when usable.
set(_oss_presign_asked "")
foreach(_oss_presign_component IN LISTS oss_presign_FIND_COMPONENTS)
  if(_oss_presign_component STREQUAL "static" OR _oss_presign_component STREQUAL "shared")
    list(APPEND _oss_presign_asked "${_oss_presign_component}")
    set(oss_presign_${_oss_presign_component}_FOUND ${_oss_presign_${_oss_presign_component}_usable})
    if(NOT _oss_presign_${_oss_presign_component}_usable
        AND oss_presign_FIND_REQUIRED_${_oss_presign_component} AND NOT _oss_presign_problem)
      set(_oss_presign_problem
          "component ${_oss_presign_component}: ${_oss_presign_${_oss_presign_component}_why}")
    endif()
  else()
    set(oss_presign_${_oss_presign_component}_FOUND FALSE)
    if(oss_presign_FIND_REQUIRED_${_oss_presign_component} AND NOT _oss_presign_problem)
      set(_oss_presign_problem
          "unknown component '${_oss_presign_component}' (there are: static, shared)")
    endif()
  endif()
endforeach()

# The library behind oss_presign::oss_presign (rules 1-4 above).
list(LENGTH _oss_presign_asked _oss_presign_asked_count)
set(_oss_presign_fallback FALSE)
if(_oss_presign_asked_count EQUAL 1)
  set(_oss_presign_choice "${_oss_presign_asked}")
  if(NOT oss_presign_FIND_REQUIRED_${_oss_presign_asked})
    set(_oss_presign_fallback TRUE)
  endif()
else()
  if(DEFINED oss_presign_SHARED_LIBS)
    set(_oss_presign_shared_wanted "${oss_presign_SHARED_LIBS}")
  else()
    set(_oss_presign_shared_wanted "${BUILD_SHARED_LIBS}")
    set(_oss_presign_fallback TRUE)
  endif()
  if(_oss_presign_shared_wanted)
    set(_oss_presign_choice shared)
  else()
    set(_oss_presign_choice static)
  endif()
endif()
if(NOT _oss_presign_problem AND NOT _oss_presign_${_oss_presign_choice}_usable)
  if(_oss_presign_choice STREQUAL "static")
    set(_oss_presign_other shared)
  else()
    set(_oss_presign_other static)
  endif()
  if(_oss_presign_fallback AND _oss_presign_${_oss_presign_other}_usable)
    set(_oss_presign_choice "${_oss_presign_other}")
  else()
    set(_oss_presign_problem
        "the ${_oss_presign_choice} library cannot be used: ${_oss_presign_${_oss_presign_choice}_why}")
  endif()
endif()

# One directory, one choice: a second find_package here may not change it.
if(NOT _oss_presign_problem AND TARGET oss_presign::oss_presign)
  get_target_property(_oss_presign_aliased oss_presign::oss_presign ALIASED_TARGET)
  if(NOT _oss_presign_aliased STREQUAL "oss_presign::${_oss_presign_choice}")
    set(_oss_presign_problem
        "oss_presign::oss_presign is already ${_oss_presign_aliased} in this directory; it cannot become oss_presign::${_oss_presign_choice}")
  endif()
endif()

if(_oss_presign_problem)
  set(oss_presign_FOUND FALSE)
  set(oss_presign_NOT_FOUND_MESSAGE "${_oss_presign_problem}")
else()
  if(_oss_presign_static_usable AND NOT TARGET oss_presign::static)
    add_library(oss_presign::static STATIC IMPORTED)
    set_target_properties(oss_presign::static PROPERTIES
        IMPORTED_LOCATION "${_oss_presign_libdir}/${_oss_presign_static_name}"
        IMPORTED_LINK_INTERFACE_LANGUAGES C
        INTERFACE_INCLUDE_DIRECTORIES "${_oss_presign_include_dir}"
        INTERFACE_LINK_LIBRARIES "${_oss_presign_native}")
  endif()
  if(_oss_presign_shared_usable AND NOT TARGET oss_presign::shared)
    add_library(oss_presign::shared SHARED IMPORTED)
    set_target_properties(oss_presign::shared PROPERTIES
        IMPORTED_LOCATION "${_oss_presign_libdir}/${_oss_presign_shared_name}"
        INTERFACE_INCLUDE_DIRECTORIES "${_oss_presign_include_dir}")
  endif()
  if(NOT TARGET oss_presign::oss_presign)
    add_library(oss_presign::oss_presign ALIAS oss_presign::${_oss_presign_choice})
  endif()
  if(NOT oss_presign_FIND_QUIETLY)
    message(STATUS "oss_presign::oss_presign: the ${_oss_presign_choice} library in ${_oss_presign_libdir}")
  endif()
endif()

foreach(_oss_presign_variable IN ITEMS prefix include_dir static_name shared_name libdir
    candidates dir problem static_usable shared_usable static_why shared_why native asked
    component asked_count fallback shared_wanted choice other aliased)
  unset(_oss_presign_${_oss_presign_variable})
endforeach()
unset(_oss_presign_variable)
cmake_policy(POP)
