#!/bin/bash
echo init
