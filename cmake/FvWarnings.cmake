# Warnings and sanitizers for our own targets (not for third-party code).
add_library(fv_build_flags INTERFACE)
target_compile_options(fv_build_flags INTERFACE -Wall -Wextra -Wno-missing-field-initializers)
if(FV_WERROR)
  target_compile_options(fv_build_flags INTERFACE -Werror)
endif()
if(FV_SANITIZE)
  # GCC 12's -Wmaybe-uninitialized misfires on libstdc++ internals (std::regex, std::function)
  # once ASan instruments them; the Release build keeps the warning.
  target_compile_options(fv_build_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                                                  -fno-sanitize-recover=undefined -Wno-maybe-uninitialized)
  target_link_options(fv_build_flags INTERFACE -fsanitize=address,undefined)
endif()
