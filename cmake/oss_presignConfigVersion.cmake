# Version file of the CMake package oss_presign (see oss_presignConfig.cmake).
#
# The version is read from the installed header (OSS_PRESIGN_VERSION_STRING,
# written from Cargo.toml by the build), so this file cannot drift from the
# library it sits next to.
#
# Compatibility follows Cargo's rule for `^` requirements, which is also how
# cargo-c names the shared library (SONAME liboss_presign.so.0.1 before 1.0,
# liboss_presign.so.1 after): the installed version must be at least the
# requested one and agree with it up to the requested version's first
# non-zero part. Before 1.0 the library promises no ABI stability, so a
# minor release may break it:
#   find_package(oss_presign 0.1)     accepts 0.1.x, refuses 0.2.0
#   find_package(oss_presign 1.2)     accepts 1.2.0 .. 1.x, refuses 2.0.0
#   find_package(oss_presign 0.0.3)   accepts 0.0.3 only
# A version range (find_package(oss_presign 0.1...0.3)) accepts what lies in
# the range, as written.

set(PACKAGE_VERSION "unknown")

get_filename_component(_oss_presign_header
    "${CMAKE_CURRENT_LIST_DIR}/../../../include/oss_presign.h" ABSOLUTE)
if(EXISTS "${_oss_presign_header}")
  file(STRINGS "${_oss_presign_header}" _oss_presign_line
      REGEX "^#define OSS_PRESIGN_VERSION_STRING \"[0-9]+\\.[0-9]+\\.[0-9]+\"$")
  if(_oss_presign_line MATCHES "\"([0-9]+\\.[0-9]+\\.[0-9]+)\"")
    set(PACKAGE_VERSION "${CMAKE_MATCH_1}")
  endif()
endif()

if(PACKAGE_VERSION STREQUAL "unknown")
  # Not where cargo cinstall puts it (<prefix>/include): not this package.
  set(PACKAGE_VERSION_UNSUITABLE TRUE)
elseif(PACKAGE_FIND_VERSION_RANGE)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
  if(PACKAGE_VERSION VERSION_GREATER_EQUAL PACKAGE_FIND_VERSION_MIN
      AND ((PACKAGE_FIND_VERSION_RANGE_MAX STREQUAL "INCLUDE"
            AND PACKAGE_VERSION VERSION_LESS_EQUAL PACKAGE_FIND_VERSION_MAX)
        OR (PACKAGE_FIND_VERSION_RANGE_MAX STREQUAL "EXCLUDE"
            AND PACKAGE_VERSION VERSION_LESS PACKAGE_FIND_VERSION_MAX)))
    set(PACKAGE_VERSION_COMPATIBLE TRUE)
  endif()
elseif(NOT DEFINED PACKAGE_FIND_VERSION OR PACKAGE_FIND_VERSION STREQUAL "")
  set(PACKAGE_VERSION_COMPATIBLE TRUE) # no version asked for
elseif(PACKAGE_VERSION VERSION_LESS PACKAGE_FIND_VERSION)
  set(PACKAGE_VERSION_COMPATIBLE FALSE)
else()
  # The parts that must agree: up to the first non-zero part of the
  # requested version, or all the parts it gives when they are all zero.
  string(REPLACE "." ";" _oss_presign_requested "${PACKAGE_FIND_VERSION}")
  string(REPLACE "." ";" _oss_presign_installed "${PACKAGE_VERSION}")
  set(PACKAGE_VERSION_COMPATIBLE TRUE)
  set(_oss_presign_index 0)
  foreach(_oss_presign_part IN LISTS _oss_presign_requested)
    if(_oss_presign_index LESS 3)
      list(GET _oss_presign_installed ${_oss_presign_index} _oss_presign_have)
    else()
      set(_oss_presign_have 0) # a fourth (tweak) part: the installed one is 0
    endif()
    math(EXPR _oss_presign_index "${_oss_presign_index} + 1")
    if(NOT _oss_presign_part EQUAL _oss_presign_have)
      set(PACKAGE_VERSION_COMPATIBLE FALSE)
      break()
    endif()
    if(NOT _oss_presign_part EQUAL 0)
      break()
    endif()
  endforeach()
  if(PACKAGE_VERSION VERSION_EQUAL PACKAGE_FIND_VERSION)
    set(PACKAGE_VERSION_EXACT TRUE)
  endif()
endif()

unset(_oss_presign_header)
unset(_oss_presign_line)
unset(_oss_presign_requested)
unset(_oss_presign_installed)
unset(_oss_presign_part)
unset(_oss_presign_have)
unset(_oss_presign_index)
