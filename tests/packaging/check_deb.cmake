# Builds the Debian package with CPack into OUT_DIR and checks it (run by CTest as packaging_deb):
# control fields, file list and permissions, Depends against the libraries the programs link, and
# the unpacked programs' --version against the project version.
# Inputs: CPACK_COMMAND, CPACK_CONFIG, OUT_DIR, EXPECTED_VERSION, APP_ID, SAMPLES_DIR,
# EXPECT_STUDIO.
cmake_minimum_required(VERSION 3.25)

set(failures "")
# check("<if() condition>" "<what is wrong otherwise>"): records a failure and goes on.
macro(check condition what)
    cmake_language(EVAL CODE "if(${condition})\nset(check_passed TRUE)\nelse()\nset(check_passed FALSE)\nendif()")
    if(NOT check_passed)
        list(APPEND failures "${what}")
        message(STATUS "FAIL: ${what}")
    endif()
endmacro()

# run(<output variable> <command>...): runs a command, fails the test at once if it fails.
function(run out_var)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE error)
    if(NOT result EQUAL 0)
        string(REPLACE ";" " " command "${ARGN}")
        message(FATAL_ERROR "`${command}` failed (${result}):\n${output}\n${error}")
    endif()
    set(${out_var} "${output}" PARENT_SCOPE)
endfunction()

foreach(tool dpkg-deb dpkg-query readelf ldd)
    find_program(${tool}_path ${tool} REQUIRED)
endforeach()

# 1. Build the package in a folder of our own, so that a user's `cpack` in the build tree is untouched.
file(REMOVE_RECURSE "${OUT_DIR}")
file(MAKE_DIRECTORY "${OUT_DIR}")
string(TIMESTAMP start "%s")
run(cpack_output "${CPACK_COMMAND}" -G DEB --config "${CPACK_CONFIG}" -B "${OUT_DIR}")
string(TIMESTAMP stop "%s")
math(EXPR seconds "${stop} - ${start}")
file(GLOB debs "${OUT_DIR}/*.deb")
list(LENGTH debs deb_count)
if(NOT deb_count EQUAL 1)
    message(FATAL_ERROR "expected one .deb in ${OUT_DIR}, found ${deb_count}:\n${cpack_output}")
endif()
file(SIZE "${debs}" deb_size)
message(STATUS "cpack -G DEB took ${seconds} s: ${debs} (${deb_size} bytes)")

# 2. Control fields.
run(fields "${dpkg-deb_path}" -f "${debs}" Package Version Architecture Section Maintainer Depends Recommends Homepage Description)
message(STATUS "control fields:\n${fields}")
run(package "${dpkg-deb_path}" -f "${debs}" Package)
string(STRIP "${package}" package)
check("package STREQUAL \"crowdkd\"" "Package is '${package}', not 'crowdkd'")
run(version "${dpkg-deb_path}" -f "${debs}" Version)
string(STRIP "${version}" version)
check("version STREQUAL EXPECTED_VERSION" "Version is '${version}', the project version is '${EXPECTED_VERSION}'")
run(depends "${dpkg-deb_path}" -f "${debs}" Depends)
string(STRIP "${depends}" depends)
# Package names of Depends, alternatives included ("libc6 (>= 2.34), libfoo1 | libbar1").
string(REGEX REPLACE "\\([^)]*\\)" "" depends_names "${depends}")
string(REGEX REPLACE "[ \t\n]" "" depends_names "${depends_names}")
string(REGEX REPLACE "[,|]" ";" depends_names "${depends_names}")
string(REGEX REPLACE ":[a-z0-9]+" "" depends_names "${depends_names}")

# 3. File list: where every file goes, and owners and modes.
run(listing "${dpkg-deb_path}" -c "${debs}")
set(expected_files
    ./usr/bin/crowdkd
    ./usr/share/man/man1/crowdkd.1.gz
    ./usr/share/doc/crowdkd/README.md
    ./usr/share/doc/crowdkd/changelog.gz
    ./usr/share/doc/crowdkd/copyright)
if(EXPECT_STUDIO)
    list(APPEND expected_files
        ./usr/bin/crowdkd-studio
        ./usr/share/man/man1/crowdkd-studio.1.gz
        ./usr/share/applications/${APP_ID}.desktop
        ./usr/share/metainfo/${APP_ID}.metainfo.xml
        ./usr/share/icons/hicolor/scalable/apps/${APP_ID}.svg
        ./usr/share/icons/hicolor/48x48/apps/${APP_ID}.png
        ./usr/share/icons/hicolor/128x128/apps/${APP_ID}.png
        ./usr/share/icons/hicolor/256x256/apps/${APP_ID}.png)
endif()
string(REPLACE "\n" ";" listing_lines "${listing}")
set(paths "")
foreach(line IN LISTS listing_lines)
    if(line STREQUAL "")
        continue()
    endif()
    # "-rwxr-xr-x root/root   123456 2026-11-28 00:00 ./usr/bin/crowdkd" (links add " -> target")
    if(NOT line MATCHES "^([-dl])([-rwxsStT]+) ([^ ]+) +[0-9]+ [0-9-]+ [0-9:]+ (\\./[^ ]*)")
        list(APPEND failures "unexpected dpkg-deb -c line: ${line}")
        continue()
    endif()
    set(kind "${CMAKE_MATCH_1}")
    set(mode "${CMAKE_MATCH_2}")
    set(owner "${CMAKE_MATCH_3}")
    set(path "${CMAKE_MATCH_4}")
    string(REGEX REPLACE "/$" "" path "${path}")
    list(APPEND paths "${path}")
    check("owner STREQUAL \"root/root\"" "${path} is owned by ${owner}, not root/root")
    if(NOT path STREQUAL "." AND NOT path STREQUAL "./usr" AND NOT path MATCHES "^\\./usr/")
        list(APPEND failures "${path} is outside /usr")
    endif()
    if(kind STREQUAL "d" OR path MATCHES "^\\./usr/bin/")
        check("mode STREQUAL \"rwxr-xr-x\"" "${path} has mode ${mode}, not rwxr-xr-x")
    elseif(kind STREQUAL "-")
        check("mode STREQUAL \"rw-r--r--\"" "${path} has mode ${mode}, not rw-r--r--")
    endif()
endforeach()
foreach(file IN LISTS expected_files)
    check("\"${file}\" IN_LIST paths" "the package lacks ${file}")
endforeach()
# The studio's samples have their own install() rules; once they exist they must be packaged.
if(EXISTS "${SAMPLES_DIR}")
    set(samples_packaged FALSE)
    foreach(path IN LISTS paths)
        if(path MATCHES "^\\./usr/share/crowdkd/samples/.")
            set(samples_packaged TRUE)
        endif()
    endforeach()
    check("samples_packaged" "the package lacks usr/share/crowdkd/samples/*")
endif()
list(LENGTH paths path_count)
message(STATUS "${path_count} entries in the package")

# 4. Unpack it and look at the programs as installed.
set(root "${OUT_DIR}/root")
run(ignored "${dpkg-deb_path}" -x "${debs}" "${root}")
file(GLOB programs "${root}/usr/bin/*")
set(linked_packages "")
foreach(program IN LISTS programs)
    get_filename_component(name "${program}" NAME)
    run(dynamic "${readelf_path}" -d "${program}")
    # Programs in /usr/bin that link system libraries only carry no RPATH (Debian policy 10.2); one
    # into the build tree would also hide missing dependencies here.
    if(dynamic MATCHES "\\((RPATH|RUNPATH)\\)[^\n]*\\[([^]]*)\\]")
        list(APPEND failures "${name} has the ${CMAKE_MATCH_1} ${CMAKE_MATCH_2}")
    endif()
    string(REGEX MATCHALL "\\(NEEDED\\)[^\n]*\\[[^]]*\\]" needed_lines "${dynamic}")
    run(resolved "${ldd_path}" "${program}")
    string(REPLACE "\n" ";" resolved_lines "${resolved}")
    foreach(resolved_line IN LISTS resolved_lines)
        if(resolved_line MATCHES "^[ \t]*([^ ]+) => (/[^ ]+)")
            set("resolved_${CMAKE_MATCH_1}" "${CMAKE_MATCH_2}")
        endif()
    endforeach()
    foreach(needed_line IN LISTS needed_lines)
        string(REGEX REPLACE ".*\\[([^]]*)\\]" "\\1" soname "${needed_line}")
        set(library "${resolved_${soname}}")
        # The dynamic loader itself (libc6) is listed by ldd without "=>".
        if(soname MATCHES "^ld-linux")
            continue()
        endif()
        if(NOT library)
            list(APPEND failures "${name} needs ${soname}, which does not resolve on this system")
            continue()
        endif()
        # dpkg records /usr/lib/... or /lib/...; the loader may report either on a merged-/usr system.
        string(REGEX REPLACE "^/usr/" "/" alternative "${library}")
        if(alternative STREQUAL library)
            set(alternative "/usr${library}")
        endif()
        execute_process(COMMAND "${dpkg-query_path}" -S "${library}" "${alternative}"
            OUTPUT_VARIABLE owners ERROR_QUIET)
        string(REGEX MATCH "^([^:,\n]+)" owner "${owners}")
        if(NOT owner)
            list(APPEND failures "${name} needs ${soname} (${library}), which no Debian package owns")
            continue()
        endif()
        list(APPEND linked_packages "${owner}")
        check("\"${owner}\" IN_LIST depends_names" "${name} links ${soname} of ${owner}, which Depends lacks")
    endforeach()
endforeach()
list(REMOVE_DUPLICATES linked_packages)
message(STATUS "Debian packages of the linked libraries: ${linked_packages}")
# The libraries the issue names: declared when linked. Qt 6 Widgets is always linked by the studio.
foreach(family IN ITEMS "libqt6widgets6" "libtorch" "libopencv" "libmatio")
    set(declared "")
    foreach(dependency IN LISTS depends_names)
        if(dependency MATCHES "^${family}")
            list(APPEND declared "${dependency}")
        endif()
    endforeach()
    set(linked "")
    foreach(dependency IN LISTS linked_packages)
        if(dependency MATCHES "^${family}")
            list(APPEND linked "${dependency}")
        endif()
    endforeach()
    message(STATUS "${family}: linked [${linked}], declared [${declared}]")
endforeach()
if(EXPECT_STUDIO)
    check("\"libqt6widgets6\" IN_LIST depends_names" "Depends lacks libqt6widgets6 (Qt 6 Widgets)")
endif()

# 5. The unpacked programs run from /usr/bin's copy and print the project version.
execute_process(COMMAND "${root}/usr/bin/crowdkd" --version
    RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE error)
string(STRIP "${output}" output)
check("result EQUAL 0" "crowdkd --version exited with ${result}: ${error}")
check("output STREQUAL \"crowdkd ${EXPECTED_VERSION}\"" "crowdkd --version printed '${output}', not 'crowdkd ${EXPECTED_VERSION}'")
message(STATUS "usr/bin/crowdkd --version: ${output}")
if(EXPECT_STUDIO)
    execute_process(COMMAND "${CMAKE_COMMAND}" -E env QT_QPA_PLATFORM=offscreen
            "${root}/usr/bin/crowdkd-studio" --version
        RESULT_VARIABLE result OUTPUT_VARIABLE output ERROR_VARIABLE error)
    string(STRIP "${output}" output)
    check("result EQUAL 0" "crowdkd-studio --version exited with ${result}: ${error}")
    check("output STREQUAL \"crowdkd-studio ${EXPECTED_VERSION}\"" "crowdkd-studio --version printed '${output}', not 'crowdkd-studio ${EXPECTED_VERSION}'")
    message(STATUS "usr/bin/crowdkd-studio --version: ${output}")
endif()

# 6. The man page is a gzipped roff page of this version.
find_program(gzip_path gzip REQUIRED)
run(man_page "${gzip_path}" -dc "${root}/usr/share/man/man1/crowdkd.1.gz")
string(REGEX MATCH "\n\\.TH CROWDKD 1 [^\n]*" title_line "${man_page}")
string(FIND "${title_line}" "\"CrowdKD ${EXPECTED_VERSION}\"" version_at)
check("NOT version_at EQUAL -1" "the packaged man page's .TH line does not name CrowdKD ${EXPECTED_VERSION}: ${title_line}")

if(failures)
    list(LENGTH failures failure_count)
    string(REPLACE ";" "\n  " failures "${failures}")
    message(FATAL_ERROR "${failure_count} packaging check(s) failed:\n  ${failures}")
endif()
message(STATUS "The Debian package is complete: ${debs}")
