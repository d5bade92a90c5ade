# Shared compile settings: one INTERFACE target every Wardround target links, so flags live in one place.
add_library(wardround_options INTERFACE)
target_compile_features(wardround_options INTERFACE cxx_std_20)
set(CMAKE_CXX_EXTENSIONS OFF)
target_compile_options(wardround_options INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                                   -Wold-style-cast -Wcast-align)
# -Wnull-dereference is left out: GCC 12 reports false positives inside libstdc++ at -O2.
# -Wrestrict is off for GCC: GCC 12 reports "literal" + std::string&& at -O3 (GCC bug 105329).
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_compile_options(wardround_options INTERFACE -Wno-restrict)
endif()
if(WARDROUND_WERROR)
    target_compile_options(wardround_options INTERFACE -Werror)
endif()

if(WARDROUND_SANITIZE AND WARDROUND_BUILD_FUZZERS)
    # Every module gets libFuzzer's coverage instrumentation, or the fuzzers would explore blindly:
    # the harness alone gives them no feedback from the parser under test. The sanitizer runtime
    # provides the callbacks to the programs (unit tests) that link the modules without libFuzzer.
    target_compile_options(wardround_options INTERFACE -fsanitize=fuzzer-no-link)
endif()

if(WARDROUND_SANITIZE)
    # ASan and UBSan together; UBSan findings abort so that tests fail instead of printing and passing.
    set(WARDROUND_SANITIZER_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
                                  -fno-omit-frame-pointer)
    target_compile_options(wardround_options INTERFACE ${WARDROUND_SANITIZER_FLAGS})
    target_link_options(wardround_options INTERFACE ${WARDROUND_SANITIZER_FLAGS})
endif()
