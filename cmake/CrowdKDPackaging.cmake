# Packaging: desktop integration, documentation and runtime install rules, and CPack (a DEB on
# Linux, an NSIS installer on Windows). Included last from the top-level CMakeLists.txt, once every
# target exists. See docs/packaging.md and docs/windows.md.

# The reverse-DNS id shared by the desktop entry, the AppStream metainfo and the icons.
set(CROWDKD_APP_ID "io.github.crowdkd.CrowdKD")
set(CROWDKD_PACKAGING_DIR "${PROJECT_SOURCE_DIR}/packaging")
set(CROWDKD_PACKAGE_CONTACT "CrowdKD developers <crowdkd@users.noreply.github.com>"
    CACHE STRING "Maintainer of the binary packages (name <email>)")

if(UNIX AND NOT APPLE)
    set(crowdkd_linux_dir "${CROWDKD_PACKAGING_DIR}/linux")

    # qt_standard_project_setup() gives installed programs the RUNPATH $ORIGIN:$ORIGIN/../lib. Ours
    # link static CrowdKD libraries and system libraries only, and Debian policy wants no RPATH.
    foreach(program IN ITEMS crowdkd crowdkd-studio)
        if(TARGET ${program})
            set_target_properties(${program} PROPERTIES INSTALL_RPATH "")
        endif()
    endforeach()
    set(crowdkd_doc_dir "${CMAKE_INSTALL_DATAROOTDIR}/doc/crowdkd")

    # Desktop integration, for the studio only (a headless build, CROWDKD_BUILD_GUI=OFF, has none).
    if(TARGET crowdkd-studio)
        install(FILES "${crowdkd_linux_dir}/${CROWDKD_APP_ID}.desktop"
            DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/applications")
        install(FILES "${crowdkd_linux_dir}/${CROWDKD_APP_ID}.metainfo.xml"
            DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/metainfo")
        install(FILES "${crowdkd_linux_dir}/icons/${CROWDKD_APP_ID}.svg"
            DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/icons/hicolor/scalable/apps")
        foreach(size 48 128 256)
            install(FILES "${crowdkd_linux_dir}/icons/${CROWDKD_APP_ID}-${size}.png"
                DESTINATION "${CMAKE_INSTALL_DATAROOTDIR}/icons/hicolor/${size}x${size}/apps"
                RENAME "${CROWDKD_APP_ID}.png")
        endforeach()
    endif()
    install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${crowdkd_linux_dir}/copyright"
        DESTINATION "${crowdkd_doc_dir}")

    # Man pages and the changelog get the project version, then are gzipped as Debian policy wants
    # (-n: no name or time stamp in the archive, so that the package is reproducible).
    find_program(CROWDKD_GZIP gzip)
    set(crowdkd_gzipped "")
    function(crowdkd_install_gzipped source destination)
        get_filename_component(name "${source}" NAME)
        set(configured "${PROJECT_BINARY_DIR}/packaging/${name}.in")
        configure_file("${source}" "${configured}" @ONLY)
        if(CROWDKD_GZIP)
            set(work "${PROJECT_BINARY_DIR}/packaging/${name}")
            add_custom_command(OUTPUT "${work}.gz"
                COMMAND "${CMAKE_COMMAND}" -E copy "${configured}" "${work}"
                COMMAND "${CROWDKD_GZIP}" -9 -n -f "${work}"
                DEPENDS "${configured}"
                COMMENT "Compressing ${name}"
                VERBATIM)
            install(FILES "${work}.gz" DESTINATION "${destination}")
            set(crowdkd_gzipped ${crowdkd_gzipped} "${work}.gz" PARENT_SCOPE)
        else()
            install(FILES "${configured}" DESTINATION "${destination}" RENAME "${name}")
        endif()
    endfunction()
    crowdkd_install_gzipped("${crowdkd_linux_dir}/crowdkd.1" "${CMAKE_INSTALL_MANDIR}/man1")
    if(TARGET crowdkd-studio)
        crowdkd_install_gzipped("${crowdkd_linux_dir}/crowdkd-studio.1" "${CMAKE_INSTALL_MANDIR}/man1")
    else()
        # Still configured: tests/packaging validates it.
        configure_file("${crowdkd_linux_dir}/crowdkd-studio.1"
            "${PROJECT_BINARY_DIR}/packaging/crowdkd-studio.1.in" @ONLY)
    endif()
    crowdkd_install_gzipped("${crowdkd_linux_dir}/changelog" "${crowdkd_doc_dir}")
    add_custom_target(crowdkd_packaging_files ALL DEPENDS ${crowdkd_gzipped})
elseif(WIN32)
    install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION doc)

    # Icon and version information of crowdkd-studio.exe.
    if(TARGET crowdkd-studio)
        set(CROWDKD_ICO "${CROWDKD_PACKAGING_DIR}/windows/crowdkd.ico")
        configure_file("${CROWDKD_PACKAGING_DIR}/windows/crowdkd-studio.rc.in"
            "${PROJECT_BINARY_DIR}/packaging/crowdkd-studio.rc" @ONLY)
        target_sources(crowdkd-studio PRIVATE "${PROJECT_BINARY_DIR}/packaging/crowdkd-studio.rc")
    endif()

    # LibTorch from the official zip: its DLLs (torch_cpu, c10, fbgemm, asmjit, libiomp5md, uv)
    # go next to the executables. TorchConfig.cmake sets TORCH_INSTALL_PREFIX to the zip's root.
    if(NOT TORCH_INSTALL_PREFIX)
        get_filename_component(TORCH_INSTALL_PREFIX "${Torch_DIR}/../../.." ABSOLUTE)
    endif()
    file(GLOB crowdkd_torch_dlls "${TORCH_INSTALL_PREFIX}/lib/*.dll")
    if(NOT crowdkd_torch_dlls)
        message(FATAL_ERROR "No LibTorch DLLs in ${TORCH_INSTALL_PREFIX}/lib: set Torch_DIR to "
            "<libtorch>/share/cmake/Torch of the unpacked official LibTorch zip")
    endif()
    install(FILES ${crowdkd_torch_dlls} DESTINATION "${CMAKE_INSTALL_BINDIR}")

    # Qt: windeployqt copies the Qt DLLs, the platform/style/image-format/icon-engine plugins and
    # Qt's own translations next to crowdkd-studio.exe. The vcpkg DLLs of OpenCV, matio and ONNX are
    # copied by vcpkg's install(TARGETS) hook (X_VCPKG_APPLOCAL_DEPS_INSTALL, set by the preset), and
    # the MSVC runtime by InstallRequiredSystemLibraries.
    if(TARGET crowdkd-studio)
        if(TARGET Qt6::windeployqt)
            set(crowdkd_windeployqt "$<TARGET_FILE:Qt6::windeployqt>")
        else()
            find_program(CROWDKD_WINDEPLOYQT windeployqt
                HINTS "${QT6_INSTALL_PREFIX}/${QT6_INSTALL_BINS}" "${QT6_INSTALL_PREFIX}/tools/Qt6/bin"
                REQUIRED)
            set(crowdkd_windeployqt "${CROWDKD_WINDEPLOYQT}")
        endif()
        install(CODE "
            execute_process(COMMAND \"${crowdkd_windeployqt}\" $<IF:$<CONFIG:Debug>,--debug,--release>
                    --no-compiler-runtime --no-opengl-sw --no-system-d3d-compiler --translations en,ko
                    --dir \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}\"
                    \"\${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:crowdkd-studio>\"
                COMMAND_ERROR_IS_FATAL ANY)")
    endif()
    set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION "${CMAKE_INSTALL_BINDIR}")
    include(InstallRequiredSystemLibraries)
endif()

# CPack: one package with both programs; its version is the project version, like --version's.
set(CPACK_PACKAGE_NAME "crowdkd")
set(CPACK_PACKAGE_VENDOR "CrowdKD developers")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_PACKAGE_VERSION_MAJOR "${PROJECT_VERSION_MAJOR}")
set(CPACK_PACKAGE_VERSION_MINOR "${PROJECT_VERSION_MINOR}")
set(CPACK_PACKAGE_VERSION_PATCH "${PROJECT_VERSION_PATCH}")
# Debian wants a synopsis under 80 characters; PROJECT_DESCRIPTION is longer.
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "crowd counting with knowledge distillation: annotate, train, ship")
string(JOIN "\n" CPACK_PACKAGE_DESCRIPTION
    "CrowdKD labels head annotations on ShanghaiTech-format crowd data, trains a"
    "large M-SFANet teacher, distills it into a tiny MCNN student that runs on"
    "embedded devices, reviews the results and exports the student."
    "This package holds the desktop application crowdkd-studio and the command"
    "line crowdkd.")
set(CPACK_PACKAGE_HOMEPAGE_URL "${PROJECT_HOMEPAGE_URL}")
set(CPACK_PACKAGE_CONTACT "${CROWDKD_PACKAGE_CONTACT}")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "CrowdKD")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_RESOURCE_FILE_README "${PROJECT_SOURCE_DIR}/README.md")
set(CPACK_PACKAGE_CHECKSUM SHA256)
set(CPACK_STRIP_FILES ON)
set(CPACK_INSTALL_DEFAULT_DIRECTORY_PERMISSIONS
    OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE WORLD_READ WORLD_EXECUTE)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/\\\\.cache/")

if(WIN32)
    set(CPACK_GENERATOR NSIS)
    set(CPACK_NSIS_PACKAGE_NAME "CrowdKD ${PROJECT_VERSION}")
    set(CPACK_NSIS_DISPLAY_NAME "CrowdKD ${PROJECT_VERSION}")
    set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64")
    set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY "CrowdKD")
    # Start menu: a "CrowdKD Studio" shortcut next to the uninstaller's.
    set(CPACK_PACKAGE_EXECUTABLES "crowdkd-studio" "CrowdKD Studio")
    set(CPACK_NSIS_EXECUTABLES_DIRECTORY "${CMAKE_INSTALL_BINDIR}")
    set(CPACK_NSIS_INSTALLED_ICON_NAME "${CMAKE_INSTALL_BINDIR}\\\\crowdkd-studio.exe")
    set(CPACK_NSIS_MUI_ICON "${CROWDKD_PACKAGING_DIR}/windows/crowdkd.ico")
    set(CPACK_NSIS_MUI_UNIICON "${CROWDKD_PACKAGING_DIR}/windows/crowdkd.ico")
    set(CPACK_NSIS_MUI_FINISHPAGE_RUN "crowdkd-studio.exe")
    set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
    # Offers to put bin\ (crowdkd.exe) on PATH.
    set(CPACK_NSIS_MODIFY_PATH ON)
    set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
    set(CPACK_NSIS_URL_INFO_ABOUT "${PROJECT_HOMEPAGE_URL}")
    set(CPACK_NSIS_HELP_LINK "${PROJECT_HOMEPAGE_URL}")
    set(CPACK_NSIS_BRANDING_TEXT "CrowdKD ${PROJECT_VERSION}")
    # Languages: CMake's NSIS template inserts MUI_LANGUAGE for English (the default) and Korean
    # among others; the installer follows the Windows display language.
else()
    set(CPACK_GENERATOR DEB)
    set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
    set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
    set(CPACK_DEBIAN_PACKAGE_SECTION "science")
    set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
    # Depends comes from dpkg-shlibdeps (package dpkg-dev): libtorch, Qt 6, OpenCV, matio, ...
    set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
    # What the programs load at run time without linking it: Qt's SVG icon engine and Korean
    # translations of Qt's own dialogs, CJK fonts for Korean text, and the Wayland platform plugin.
    set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
        "libqt6svg6, qt6-translations-l10n, fonts-noto-cjk | fonts-nanum, qt6-wayland")
    set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)
endif()

include(CPack)

if(UNIX AND NOT APPLE)
    # `cmake --build build --target package` builds everything, then writes
    # build/crowdkd_<version>_<arch>.deb (CPACK_GENERATOR is DEB here).
    if(CROWDKD_BUILD_TESTS)
        add_subdirectory("${PROJECT_SOURCE_DIR}/tests/packaging" "${PROJECT_BINARY_DIR}/tests/packaging")
    endif()
endif()
