(){
 ('')
	)
}
addhandler f