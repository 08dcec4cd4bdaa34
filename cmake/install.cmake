# Install rules: the library, its public headers, the `contentgate` tool, an
# exported `contentgate::contentgate` target with a package configuration,
# and a pkg-config file. Included from the top-level CMakeLists.txt after the
# targets exist (GNUInstallDirs is included there, before lib/).

include(CMakePackageConfigHelpers)

set(CONTENTGATE_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/contentgate)

install(TARGETS contentgate EXPORT contentgateTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
# The tool is exported too (as contentgate::contentgate_cli), so a sensor
# build can run the installed `contentgate gen-header` at build time.
install(TARGETS contentgate_cli EXPORT contentgateTargets
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/contentgate
  DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

install(EXPORT contentgateTargets
  NAMESPACE contentgate::
  DESTINATION ${CONTENTGATE_CMAKE_DIR})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/contentgateConfig.cmake.in
  ${PROJECT_BINARY_DIR}/contentgateConfig.cmake
  INSTALL_DESTINATION ${CONTENTGATE_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/contentgateConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/contentgateConfig.cmake
  ${PROJECT_BINARY_DIR}/contentgateConfigVersion.cmake
  DESTINATION ${CONTENTGATE_CMAKE_DIR})

# pkg-config: relocatable (the prefix is found from the .pc file's own
# folder), so `cmake --install --prefix DIR` yields a working file.
file(RELATIVE_PATH CONTENTGATE_PC_TO_PREFIX
  "/prefix/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/prefix")
configure_file(${PROJECT_SOURCE_DIR}/cmake/contentgate.pc.in
  ${PROJECT_BINARY_DIR}/contentgate.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/contentgate.pc
  DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
