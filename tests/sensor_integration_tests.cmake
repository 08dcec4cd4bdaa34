# ctest cases that build examples/sensor_integration the way a sensor build
# would: against an install of this build into a temporary prefix
# (`cmake --install --prefix`, then `find_package(contentgate)` through
# CMAKE_PREFIX_PATH), never through the source tree.
#   sensor_integration_install: the example builds and evaluates content.
#   sensor_integration_static_assert: configured to supply 20 inputs for the
#     21-field ipc_named_pipe, the build fails with the static_assert message.
set(cg_sanitize_flags "")
if(CONTENTGATE_SANITIZE)
  set(cg_sanitize_flags "-fsanitize=${CONTENTGATE_SANITIZE}")
endif()
foreach(mode install static_assert)
  add_test(NAME sensor_integration_${mode}
    COMMAND ${CMAKE_COMMAND}
      -DMODE=${mode}
      -DBUILD_DIR=${PROJECT_BINARY_DIR}
      -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
      -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/sensor_integration_${mode}
      -DGENERATOR=${CMAKE_GENERATOR}
      -DCXX=${CMAKE_CXX_COMPILER}
      -DCXX_FLAGS=${cg_sanitize_flags}
      -P ${CMAKE_CURRENT_SOURCE_DIR}/sensor_integration_test.cmake)
  set_tests_properties(sensor_integration_${mode} PROPERTIES TIMEOUT 300)
endforeach()
