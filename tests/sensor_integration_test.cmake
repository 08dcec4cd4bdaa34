# Script for the sensor_integration_* ctest cases (see
# sensor_integration_tests.cmake). Installs BUILD_DIR into WORK_DIR/prefix,
# copies examples/sensor_integration out of the tree, configures it with its
# defaults and builds it against the install, then either
# runs it and builds it once more from the installed pkg-config file alone
# (MODE=install) or, with 20 supplied inputs, requires the build to fail on
# the static_assert (MODE=static_assert).
cmake_minimum_required(VERSION 3.22)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
  set(rc ${rc} PARENT_SCOPE)
  set(out "${out}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed:\n${out}")
endif()
foreach(installed include/contentgate/interpreter.h bin/contentgate)
  if(NOT EXISTS ${prefix}/${installed})
    message(FATAL_ERROR "not installed: ${installed}")
  endif()
endforeach()

# The example is built from a copy outside the tree, with its defaults: it
# must not depend on where the repository is.
set(example ${WORK_DIR}/sensor_integration_src)
file(COPY ${SOURCE_DIR}/examples/sensor_integration/ DESTINATION ${example})
foreach(pair "channel-291.schema.json=schemas/channel-291.schema.json"
             "channel-291.good.json=examples/channel-291.good.json")
  string(REPLACE "=" ";" pair "${pair}")
  list(GET pair 0 copy)
  list(GET pair 1 original)
  file(READ ${example}/${copy} copy_text)
  file(READ ${SOURCE_DIR}/${original} original_text)
  if(NOT copy_text STREQUAL original_text)
    message(FATAL_ERROR "examples/sensor_integration/${copy} differs from ${original}: copy it again")
  endif()
endforeach()

set(supplied 21)
if(MODE STREQUAL "static_assert")
  set(supplied 20)
endif()
run(${CMAKE_COMMAND} -S ${example} -B ${WORK_DIR}/build
    -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX} "-DCMAKE_CXX_FLAGS=${CXX_FLAGS}"
    -DCMAKE_PREFIX_PATH=${prefix} -DSENSOR_SUPPLIED_INPUTS=${supplied})
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the example failed:\n${out}")
endif()
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)

set(message "sensor integration supplies fewer inputs than ipc_named_pipe declares fields")
if(MODE STREQUAL "static_assert")
  if(rc EQUAL 0)
    message(FATAL_ERROR "the example built with 20 supplied inputs; the static_assert did not fire")
  endif()
  if(NOT out MATCHES "static assertion failed: ${message}")
    message(FATAL_ERROR "the build failed, but not on the static_assert:\n${out}")
  endif()
  message(STATUS "static_assert fired as required")
  return()
endif()

if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the example failed:\n${out}")
endif()
run(${WORK_DIR}/build/sensor_integration ${SOURCE_DIR}/schemas/channel-291.schema.json
    ${WORK_DIR}/build/channel-291.bin)
if(NOT rc EQUAL 0 OR NOT out MATCHES "matched instance 10")
  message(FATAL_ERROR "the example failed (${rc}):\n${out}")
endif()
message(STATUS "${out}")

# The same program built with nothing but the installed pkg-config file.
find_program(PKG_CONFIG pkg-config REQUIRED)
set(ENV{PKG_CONFIG_PATH} "${prefix}/lib/pkgconfig:${prefix}/lib64/pkgconfig")
file(GLOB pc_dirs ${prefix}/lib/*/pkgconfig)
foreach(dir ${pc_dirs})
  set(ENV{PKG_CONFIG_PATH} "${dir}:$ENV{PKG_CONFIG_PATH}")
endforeach()
run(${PKG_CONFIG} --static --cflags --libs contentgate)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config contentgate failed:\n${out}")
endif()
string(STRIP "${out}" pc_flags)
separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
separate_arguments(cxx_flags UNIX_COMMAND "${CXX_FLAGS}")
run(${CXX} -std=c++17 ${cxx_flags} -I${WORK_DIR}/build/generated
    ${example}/main.cc ${pc_flags} -o ${WORK_DIR}/pc_sensor)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building with the pkg-config flags failed:\n${out}")
endif()
run(${WORK_DIR}/pc_sensor ${SOURCE_DIR}/schemas/channel-291.schema.json
    ${WORK_DIR}/build/channel-291.bin)
if(NOT rc EQUAL 0 OR NOT out MATCHES "matched instance 10")
  message(FATAL_ERROR "the pkg-config build failed (${rc}):\n${out}")
endif()
