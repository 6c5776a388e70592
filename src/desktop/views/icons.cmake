# The code points of the icon font, read from the one list of icons (icons.hpp): every constant written as
# `inline constexpr char kName[] = "\uF095";`. The web build cuts the font to exactly these; the native tests
# check the header's kAll against the same list, so the two cannot drift apart.
set(AGENTDESK_ICONS_HEADER "${CMAKE_CURRENT_LIST_DIR}/icons.hpp")
set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${AGENTDESK_ICONS_HEADER}")

# Sets `out_var` to "U+F095,U+F03D,…" (in the header's order).
function(agentdesk_icon_unicodes out_var)
  file(STRINGS "${AGENTDESK_ICONS_HEADER}" lines REGEX "constexpr char k[A-Za-z0-9]+\\[\\] = \"\\\\u[0-9A-Fa-f]+\";")
  set(unicodes "")
  foreach(line IN LISTS lines)
    string(REGEX MATCH "\\\\u([0-9A-Fa-f]+)" escape "${line}")
    string(TOUPPER "${CMAKE_MATCH_1}" hex)
    list(APPEND unicodes "U+${hex}")
  endforeach()
  if(NOT unicodes)
    message(FATAL_ERROR "${AGENTDESK_ICONS_HEADER} names no icon code points")
  endif()
  list(JOIN unicodes "," joined)
  set(${out_var} "${joined}" PARENT_SCOPE)
endfunction()
