package a

package b
