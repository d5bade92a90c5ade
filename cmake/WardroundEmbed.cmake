# wardround_embed_yaml(<folder> <variable>)
#
# Sets <variable> to C++ initialisers, one `{"name.yaml", R"(text)"},` line per data/<folder>/*.yaml
# in name order, for a configure_file template. Data compiled in means the library needs no data
# path at run time; the files are configure dependencies, so editing one rebuilds.
function(wardround_embed_yaml folder variable)
    file(GLOB files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/data/${folder}/*.yaml)
    list(SORT files)
    set(text "")
    foreach(yaml_file ${files})
        get_filename_component(yaml_name ${yaml_file} NAME)
        file(READ ${yaml_file} yaml_text)
        string(APPEND text
               "        {\"${yaml_name}\", R\"wardround_yaml(${yaml_text})wardround_yaml\"},\n")
    endforeach()
    set(${variable} "${text}" PARENT_SCOPE)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${files})
endfunction()
