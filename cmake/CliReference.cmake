# Writes or checks docs/cli.md, the command-line reference, from the programs' own --help texts, so the
# reference cannot drift from the code. Run by the `cli_reference` target (MODE=write) and by CTest as
# docs_cli_reference (MODE=check: fails when docs/cli.md differs from what the programs print).
# Inputs: CROWDKD (the CLI), STUDIO (crowdkd-studio, optional), OUT (docs/cli.md), MODE (write|check).
cmake_minimum_required(VERSION 3.25)

# help_of(<output variable> <program> <arguments>...): the --help text, with the program's path in a
# usage line reduced to its name so the text does not depend on the build folder.
function(help_of out_var program)
    execute_process(COMMAND "${program}" ${ARGN} --help
        RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE error)
    if(NOT result EQUAL 0)
        message(FATAL_ERROR "${program} ${ARGN} --help failed (${result}): ${error}")
    endif()
    get_filename_component(name "${program}" NAME_WE)
    string(REPLACE "${program}" "${name}" output "${output}")
    string(REGEX REPLACE "\n+$" "" output "${output}")
    set(${out_var} "${output}" PARENT_SCOPE)
endfunction()

# append_section(<text variable> <title> <body>): one "## title" section with the body as a code block.
function(append_section text_var title body)
    set(section "\n## ${title}\n\n```text\n${body}\n```\n")
    set(${text_var} "${${text_var}}${section}" PARENT_SCOPE)
endfunction()

set(text "# Command-line reference\n\n")
string(APPEND text
    "Generated from the programs' `--help` texts by `cmake --build build --target cli_reference`; "
    "do not edit by hand (the test `docs_cli_reference` fails when this page and the programs "
    "disagree). Exit codes of `crowdkd`: 0 success, 1 failure (a message on stderr naming the file "
    "and the reason), 2 usage error. Messages of the command line are in English; the studio follows "
    "its language setting.\n")

help_of(main_help "${CROWDKD}")
append_section(text "crowdkd" "${main_help}")

# The subcommands are the indented names under "Subcommands:".
string(REPLACE "\n" ";" lines "${main_help}")
set(in_subcommands FALSE)
foreach(line IN LISTS lines)
    if(line MATCHES "^Subcommands:")
        set(in_subcommands TRUE)
    elseif(in_subcommands AND line MATCHES "^  ([a-z][a-z0-9-]*) ")
        help_of(sub_help "${CROWDKD}" "${CMAKE_MATCH_1}")
        append_section(text "crowdkd ${CMAKE_MATCH_1}" "${sub_help}")
    endif()
endforeach()

if(STUDIO)
    set(ENV{QT_QPA_PLATFORM} offscreen)
    set(ENV{LANGUAGE} en)
    set(ENV{LC_ALL} C)
    help_of(studio_help "${STUDIO}" --lang en)
    append_section(text "crowdkd-studio" "${studio_help}")
endif()

if(MODE STREQUAL "write")
    file(WRITE "${OUT}" "${text}")
    message(STATUS "Wrote ${OUT}")
else()
    if(EXISTS "${OUT}")
        file(READ "${OUT}" current)
    else()
        set(current "")
    endif()
    if(NOT current STREQUAL text)
        file(WRITE "cli.md.expected" "${text}")
        message(FATAL_ERROR "${OUT} is out of date with the programs' --help texts; "
            "run `cmake --build build --target cli_reference` (expected text: "
            "${CMAKE_CURRENT_BINARY_DIR}/cli.md.expected)")
    endif()
endif()
