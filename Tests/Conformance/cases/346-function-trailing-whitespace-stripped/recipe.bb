do_foo() {
    echo a   
	
}
