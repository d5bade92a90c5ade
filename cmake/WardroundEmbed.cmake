# wardround_embed_yaml(<folder> <variable>)
#
# Sets <variable> to C++ initialisers, one `{"name.yaml", text},` line per data/<folder>/*.yaml in
# name order, for a configure_file template. Data compiled in means the library needs no data path
# at run time; the files are configure dependencies, so editing one rebuilds.
#
# A file longer than one literal may be (C++ promises 65,536 characters; clang's -Woverlength-strings
# holds us to it under -Wpedantic, even across adjacent literals) is joined at start-up from
# std::string pieces of at most 32,768 bytes, each ending at a line's end.
function(wardround_embed_yaml folder variable)
    file(GLOB files CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/data/${folder}/*.yaml)
    list(SORT files)
    set(piece_bytes 32768)
    set(text "")
    foreach(yaml_file ${files})
        get_filename_component(yaml_name ${yaml_file} NAME)
        file(READ ${yaml_file} yaml_text)
        string(LENGTH "${yaml_text}" yaml_length)
        set(pieces "")
        set(offset 0)
        while(offset LESS yaml_length)
            string(SUBSTRING "${yaml_text}" ${offset} ${piece_bytes} piece)
            # Cut after a newline, never inside a UTF-8 character (clang warns on a broken one).
            string(LENGTH "${piece}" piece_length)
            string(FIND "${piece}" "\n" last_newline REVERSE)
            if(piece_length EQUAL piece_bytes AND last_newline GREATER 0)
                math(EXPR piece_length "${last_newline} + 1")
                string(SUBSTRING "${piece}" 0 ${piece_length} piece)
            endif()
            if(pieces STREQUAL "")
                set(pieces "R\"wardround_yaml(${piece})wardround_yaml\"")
            else()
                set(pieces "std::string(${pieces}) + R\"wardround_yaml(${piece})wardround_yaml\"")
            endif()
            math(EXPR offset "${offset} + ${piece_length}")
        endwhile()
        if(pieces STREQUAL "")
            set(pieces "\"\"")
        endif()
        string(APPEND text "        {\"${yaml_name}\", ${pieces}},\n")
    endforeach()
    set(${variable} "${text}" PARENT_SCOPE)
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${files})
endfunction()
