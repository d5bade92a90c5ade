# wardround_add_module(<name> SOURCES ... [PUBLIC_DEPS ...] [PRIVATE_DEPS ...])
#
# Declares one static library per module (wardround_<name>, alias wardround::<name>). Modules name only the
# modules beneath them in PUBLIC_DEPS/PRIVATE_DEPS, so the linker enforces the layering in docs/modules.md.
function(wardround_add_module name)
    cmake_parse_arguments(ARG "" "" "SOURCES;PUBLIC_DEPS;PRIVATE_DEPS" ${ARGN})
    add_library(wardround_${name} STATIC ${ARG_SOURCES})
    add_library(wardround::${name} ALIAS wardround_${name})
    target_include_directories(wardround_${name} PUBLIC ${PROJECT_SOURCE_DIR}/include
                                                 PRIVATE ${PROJECT_SOURCE_DIR}/src)
    target_link_libraries(wardround_${name} PUBLIC wardround_options ${ARG_PUBLIC_DEPS}
                                            PRIVATE ${ARG_PRIVATE_DEPS})
endfunction()
