A = "${@undefined_function()}"
