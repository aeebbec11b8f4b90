# Validates the desktop integration files (run by CTest as packaging_metadata): the desktop entry
# with desktop-file-validate, the AppStream metainfo with appstreamcli, the man pages' roff with
# groff's warnings on, and that the desktop entry, metainfo, changelog and man pages agree with the
# project. Inputs: LINUX_DIR (packaging/linux), CONFIGURED_DIR (the files CMake configured from it),
# EXPECTED_VERSION, APP_ID.
# Exits with 77 (CTest: skipped) when a validator is not installed.
cmake_minimum_required(VERSION 3.25)

set(desktop_file "${LINUX_DIR}/${APP_ID}.desktop")
set(metainfo_file "${LINUX_DIR}/${APP_ID}.metainfo.xml")
set(failures "")

find_program(desktop_file_validate desktop-file-validate)
find_program(appstreamcli appstreamcli)
find_program(groff groff)
if(NOT desktop_file_validate OR NOT appstreamcli OR NOT groff)
    message("packaging_metadata skipped: install the Debian packages desktop-file-utils, appstream and "
        "groff-base (./setup.sh test does)")
    cmake_language(EXIT 77)
endif()

# validate(<what> <command>...): runs a validator, records its output as a failure if it complains.
function(validate what)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE error)
    message(STATUS "${what}: exit ${result}\n${output}${error}")
    if(NOT result EQUAL 0 OR NOT error STREQUAL "")
        set(failures ${failures} "${what} failed:\n${output}${error}" PARENT_SCOPE)
    endif()
endfunction()

validate("desktop-file-validate" "${desktop_file_validate}" "${desktop_file}")
validate("appstreamcli validate" "${appstreamcli}" validate --no-net --explain "${metainfo_file}")
foreach(page IN ITEMS crowdkd.1 crowdkd-studio.1)
    validate("groff -ww ${page}" "${CMAKE_COMMAND}" -E env LC_ALL=C.UTF-8
        "${groff}" -man -Tutf8 -ww -z "${CONFIGURED_DIR}/${page}.in")
endforeach()

# What the issue asks of the desktop entry, and agreement between the files.
file(STRINGS "${desktop_file}" desktop_lines ENCODING UTF-8)
foreach(key IN ITEMS "Name" "Name\\[ko\\]" "GenericName" "GenericName\\[ko\\]" "Comment" "Comment\\[ko\\]"
        "Exec=crowdkd-studio" "Icon=${APP_ID}")
    set(found FALSE)
    foreach(line IN LISTS desktop_lines)
        if(line MATCHES "^${key}(=|$)")
            set(found TRUE)
        endif()
    endforeach()
    if(NOT found)
        list(APPEND failures "${desktop_file} has no ${key} line")
    endif()
endforeach()

file(READ "${metainfo_file}" metainfo)
if(NOT metainfo MATCHES "<launchable type=\"desktop-id\">${APP_ID}\\.desktop</launchable>")
    list(APPEND failures "the metainfo does not launch ${APP_ID}.desktop")
endif()
# The newest release (the first one listed) is this version: bump both together.
string(REGEX MATCH "<release version=\"([^\"]+)\"" release "${metainfo}")
if(NOT CMAKE_MATCH_1 STREQUAL EXPECTED_VERSION)
    list(APPEND failures "the metainfo's newest release is '${CMAKE_MATCH_1}', the project version is "
        "'${EXPECTED_VERSION}': add a <release> entry")
endif()

foreach(file IN ITEMS crowdkd.1 crowdkd-studio.1 changelog)
    file(READ "${CONFIGURED_DIR}/${file}.in" configured)
    if(configured MATCHES "@[A-Z_]+@")
        list(APPEND failures "the configured ${file} still holds a CMake placeholder: ${CMAKE_MATCH_0}")
    endif()
endforeach()

# The Debian changelog's newest entry is this version too.
file(STRINGS "${LINUX_DIR}/changelog" changelog_head LIMIT_COUNT 1)
if(NOT changelog_head MATCHES "^crowdkd \\(([^)]+)\\) " OR NOT CMAKE_MATCH_1 STREQUAL EXPECTED_VERSION)
    list(APPEND failures "packaging/linux/changelog starts with '${changelog_head}', not an entry for "
        "${EXPECTED_VERSION}: add one")
endif()

if(failures)
    string(REPLACE ";" "\n" failures "${failures}")
    message(FATAL_ERROR "${failures}")
endif()
message(STATUS "desktop entry, metainfo and man page are valid")
