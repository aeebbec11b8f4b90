# Compiler settings shared by every CrowdKD target.

# crowdkd_set_warnings(target): our own code builds with -Wall -Wextra and no warnings.
function(crowdkd_set_warnings target)
    if(MSVC)
        target_compile_options(${target} PRIVATE /W4 /permissive- /utf-8)
    else()
        target_compile_options(${target} PRIVATE -Wall -Wextra)
    endif()
endfunction()

# crowdkd_use_torch_pch(target): precompile LibTorch's heavy header, which dominates compile time
# of every translation unit that includes it (about 20 s each on two cores without a PCH).
function(crowdkd_use_torch_pch target)
    target_precompile_headers(${target} PRIVATE <torch/torch.h>)
endfunction()
